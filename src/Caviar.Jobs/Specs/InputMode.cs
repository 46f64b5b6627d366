namespace Caviar.Jobs.Specs;

/// <summary>How a channel's data reaches the job.</summary>
public enum InputMode
{
    /// <summary>The data is copied into the job's input directory before the job starts.</summary>
    File,
    /// <summary>The job reads the data where it is (a link to the source), nothing is copied.</summary>
    FastFile,
    /// <summary>The data is streamed through a named pipe (FIFO) at the channel's path, or on standard input.</summary>
    Pipe,
}
