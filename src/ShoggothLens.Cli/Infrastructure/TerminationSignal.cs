using System.Runtime.InteropServices;

namespace ShoggothLens.Cli.Infrastructure;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation the command can finish cleanly
/// on; a second one ends the process at once (long commands keep their files consistent even then).
/// The token System.CommandLine passes in is linked, so either source cancels.
/// </summary>
internal sealed class TerminationSignal : IDisposable
{
    readonly CancellationTokenSource _source;
    readonly PosixSignalRegistration[] _registrations;

    public TerminationSignal(CancellationToken outer, Action? onFirstSignal = null)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        void Handle(PosixSignalContext context)
        {
            if (_source.IsCancellationRequested) return;   // second signal: default handling ends the process
            context.Cancel = true;
            onFirstSignal?.Invoke();
            _source.Cancel();
        }
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}
