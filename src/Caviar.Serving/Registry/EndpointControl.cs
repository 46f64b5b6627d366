using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Caviar.Serving.Variants;
using Caviar.Validation;

namespace Caviar.Serving.Registry;

/// <summary>
/// What <c>caviar deploy --update</c>, <c>caviar undeploy</c> and the API's <c>/api/endpoints</c> do to a running
/// endpoint, through its admin calls and the token the registry holds.
/// </summary>
public static class EndpointControl
{
    /// <summary>How long an endpoint gets to finish what it has taken and stop before it is killed (15 s).</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Puts <paramref name="variant"/> in service on the endpoint (a new variant is added; an existing one swaps its
    /// model, requests in flight finishing on the old one). A model the endpoint refuses leaves the old one serving
    /// and is reported as a validation error of <paramref name="field"/>.
    /// </summary>
    public static async Task PutVariantAsync(EndpointRecord record, VariantSpec variant, string field)
    {
        using var client = EndpointClient.For(record);
        using var response = await client.PostAsJsonAsync("/admin/variants",
            new { name = variant.Name, modelPath = variant.ModelPath, weight = variant.Weight }).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return;
        string reason = body;
        try
        {
            using var refusal = JsonDocument.Parse(body);
            if (refusal.RootElement.TryGetProperty("error", out var error)) reason = error.GetString() ?? body;
        }
        catch (JsonException) { }
        throw new CaviarValidationException(field, $"endpoint '{record.Name}' kept its old model for variant '{variant.Name}': {reason}");
    }

    /// <summary>
    /// Stops the endpoint gracefully (it answers what it has taken, then exits), killing it after
    /// <see cref="GracePeriod"/>; its registry file is gone afterwards.
    /// </summary>
    public static async Task StopAsync(EndpointRegistry registry, EndpointRecord record)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(record.ProcessId);
        }
        catch (ArgumentException)
        {
            registry.Find(record.Name);   // gone already: drops the stale file
            return;
        }
        using (process)
        {
            try
            {
                using var client = EndpointClient.For(record);
                (await client.PostAsync("/admin/shutdown", null).ConfigureAwait(false)).Dispose();
            }
            catch (HttpRequestException) { }
            using var grace = new CancellationTokenSource(GracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        registry.Find(record.Name);   // drops the file if the process could not remove it
    }
}
