using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;
using ShoggothLens.Workbench.Intervene;

namespace ShoggothLens.Web.Services;

/// <summary>What a causal check gave: the workflow's result, or a refusal or "busy" with a sentence to show.</summary>
public abstract record CausalCheckOutcome
{
    public sealed record Done(InterveneResult Result) : CausalCheckOutcome;
    public sealed record Refused(string Reason) : CausalCheckOutcome;
    public sealed record Busy(string Reason) : CausalCheckOutcome;
}

/// <summary>
/// Runs <see cref="InterveneWorkflow"/> for the UI, one check at a time per server (a check is minutes of CPU at most:
/// a second request is answered "busy" at once rather than queued behind it), on a worker thread, cancelled with the
/// caller's token (the panel cancels when its circuit goes). Bad requests and unreadable model or SAE files become a
/// refusal with the workflow's own message.
/// </summary>
public sealed class CausalCheckRunner : IDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>True while a check runs on this server.</summary>
    public bool IsRunning => _gate.CurrentCount == 0;

    public async Task<CausalCheckOutcome> RunAsync(InterveneRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!_gate.Wait(0)) return new CausalCheckOutcome.Busy("Another causal check is running on this server; try again when it has finished.");
        try
        {
            var result = await Task.Run(() => InterveneWorkflow.Run(request, progress, cancellationToken), cancellationToken);
            return new CausalCheckOutcome.Done(result);
        }
        catch (InvalidOptionException e)
        {
            return new CausalCheckOutcome.Refused(e.Message);
        }
        catch (Exception e) when (e is InvalidInputFileException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new CausalCheckOutcome.Refused($"The model or SAE could not be used: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
