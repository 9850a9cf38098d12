using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Inspect;

/// <summary>
/// Runs typed chats through the model and SAE, one at a time per server: a request waits at most
/// <see cref="InspectOptions.BusyWait"/> for the running one and is otherwise answered "busy", inputs over the token
/// limit are refused before the model runs, and every request can be cancelled. The last loaded model stays loaded
/// (one at a time, so memory stays bounded when catalogs name different models).
/// </summary>
public sealed class Inspector(InspectOptions? options = null) : IDisposable
{
    readonly SemaphoreSlim _gate = new(1, 1);
    InspectEngine? _engine;
    string? _engineKey;

    public InspectOptions Options { get; } = options ?? new InspectOptions();

    /// <summary>
    /// Inspects <paramref name="request"/> with the model and SAE of <paramref name="sources"/>; persona projections
    /// use <paramref name="personas"/> (the catalog's persona-vectors.json) when given.
    /// </summary>
    public async Task<InspectResult> RunAsync(InspectSources sources, PersonaVectorSet? personas, InspectRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Problem() is { } problem) return new InspectResult.Refused(problem);
        if (request.Characters > Options.MaxCharacters)
            return new InspectResult.Refused($"The input has {request.Characters:N0} characters; the inspector takes at most {Options.MaxCharacters:N0} " +
                $"(and {Options.MaxTokens} tokens). Shorten it.");
        if (!await _gate.WaitAsync(Options.BusyWait, cancellationToken))
            return new InspectResult.Busy("Another inspection is running on this server; try again in a moment.");
        try
        {
            // Loading and the forward pass are CPU work: keep them off the caller's (the circuit's) thread.
            return await Task.Run(() => Run(sources, personas, request, cancellationToken), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    InspectResult Run(InspectSources sources, PersonaVectorSet? personas, InspectRequest request, CancellationToken cancellationToken)
    {
        InspectEngine engine;
        try { engine = Engine(sources, personas); }
        catch (Exception e) when (e is ArgumentException or IOException or Core.Formats.InvalidInputFileException or InvalidOperationException)
        {
            return new InspectResult.Refused($"The model or SAE could not be loaded: {e.Message}");
        }
        ShoggothLens.Models.Harvest.TokenizedDocument document;
        try { document = engine.Tokenize(request); }
        catch (ArgumentException e) { return new InspectResult.Refused($"The chat template refuses this conversation: {e.Message}"); }
        if (document.Length == 0) return new InspectResult.Refused("The input has no tokens.");
        int limit = Math.Min(Options.MaxTokens, engine.MaxPositions);
        if (document.Length > limit)
            return new InspectResult.Refused($"The input is {document.Length} tokens; the inspector takes at most {limit}. Shorten it.");
        cancellationToken.ThrowIfCancellationRequested();
        return engine.Run(document, Options, cancellationToken);
    }

    InspectEngine Engine(InspectSources sources, PersonaVectorSet? personas)
    {
        string key = $"{sources}|{personas?.Hook}|{personas?.Vectors.Count}";
        if (_engine is not null && _engineKey == key) return _engine;
        _engine?.Dispose();
        _engine = null;
        _engine = InspectEngine.Load(sources, personas);
        _engineKey = key;
        return _engine;
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _gate.Dispose();
    }
}
