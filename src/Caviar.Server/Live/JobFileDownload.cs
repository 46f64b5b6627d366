using Caviar.Jobs.Layout;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server.Live;

/// <summary>Answers a download of one of a job's files (<see cref="JobFiles"/>) as an attachment, or 404.</summary>
internal static class JobFileDownload
{
    public static IResult Answer(JobDirectory job, string path) => JobFiles.Open(job, path) is { } file
        ? Results.File(file.FullName, "application/octet-stream", Path.GetFileName(path))
        : ApiErrors.NotFound("path", $"job '{Path.GetFileName(job.Root)}' has no file '{path}' to download");
}
