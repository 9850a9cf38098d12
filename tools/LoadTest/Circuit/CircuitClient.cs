using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace ShoggothLens.LoadTest.Circuit;

/// <summary>
/// One browser tab without a browser: a real Blazor Server circuit opened and driven the way blazor.web.js does it.
/// It GETs the prerendered page, connects to <c>/_blazor</c> over a WebSocket with the blazorpack protocol, starts the
/// circuit and adds the page's interactive root components from their prerender markers, applies every render batch
/// to its own copy of the page (<see cref="RenderedTree"/>) and acknowledges it, answers the server's JS interop
/// calls (navigation echoes the new location back; the diagram library gets a canvas rectangle), and acts as a user:
/// clicks and changes are dispatched to the event handler ids the render batches named, links navigate in the circuit.
/// A few KB and a few threads per circuit, so twenty of them leave the cores to the server.
/// </summary>
public sealed partial class CircuitClient : IAsyncDisposable
{
    readonly Uri _base;
    readonly CookieContainer _cookies = new();
    readonly HttpClient _http;
    readonly object _gate = new();
    readonly RenderedTree _tree = new();
    readonly List<(Func<RenderedTree, bool> Check, TaskCompletionSource Done)> _waiters = [];
    HubConnection? _hub;
    string? _circuitSecret;
    long _rendererInterop = -1;
    int _nextCallId;
    int _nextJsObject = 1;

    public CircuitClient(Uri baseUri)
    {
        _base = baseUri;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = true }) { BaseAddress = baseUri };
    }

    /// <summary>The first error the server or the connection reported (JS.Error, a failed event, a closed connection).</summary>
    public string? Error { get; private set; }

    /// <summary>Render batches applied, bytes received in them.</summary>
    public long Batches { get; private set; }
    public long BatchBytes { get; private set; }

    /// <summary>
    /// Navigations the server asked for (NavigationManager.NavigateTo: the grid's controls put their view in the URL),
    /// each echoed back as the page would. A step whose content already showed waits for its navigation with this, so
    /// the next step does not start while the last one's work is still on its way.
    /// </summary>
    public long ServerNavigations { get; private set; }
    long _batchesAtNavigation;

    /// <summary>True once the server asked for a navigation after the <paramref name="navigations"/>th and the page has rendered since (the render for the new location).</summary>
    public bool NavigatedSince(long navigations) => ServerNavigations > navigations && Batches > _batchesAtNavigation;

    /// <summary>The URL the circuit is on (as a browser's address bar would show it).</summary>
    public string Location { get; private set; } = "";

    /// <summary>GETs <paramref name="path"/> (a cold load: prerendered HTML) and returns it with the milliseconds until it had arrived.</summary>
    public async Task<(string Html, double Ms)> LoadAsync(string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
        response.EnsureSuccessStatusCode();
        string html = await response.Content.ReadAsStringAsync(ct);
        Location = new Uri(_base, path).ToString();
        return (html, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// Opens the circuit for the page <see cref="LoadAsync"/> fetched (its prerender markers and state), as blazor.web.js
    /// does once the document has loaded; returns when the connection is up and the root components were sent.
    /// </summary>
    public async Task StartAsync(string html, CancellationToken ct)
    {
        var markers = Marker().Matches(html).Select(m => m.Groups[1].Value)
            .Where(json => json.Contains("\"descriptor\"", StringComparison.Ordinal)).ToList();
        if (markers.Count == 0) throw new InvalidOperationException("the page has no interactive root component (no Blazor server marker)");
        string state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var builder = new HubConnectionBuilder().WithUrl(new Uri(_base, "_blazor"), o =>
        {
            o.Cookies = _cookies;
            o.Transports = HttpTransportType.WebSockets;
        });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        var hub = builder.Build();
        _hub = hub;
        hub.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        hub.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnInvokeJsAsync);
        hub.On<int, string>("JS.AttachComponent", (id, _) => { lock (_gate) _tree.AttachRoot(id); });
        hub.On<string?, bool, string?>("JS.EndInvokeDotNet", (call, ok, result) => { Trace($"end .NET call {call}: {ok} {result}"); if (!ok) Fail($"a .NET call from the page failed: {FirstLine(result)}"); });
        hub.On<long>("JS.EndUpdateRootComponents", _ => { });
        hub.On<string>("JS.Error", message => Fail($"JS.Error: {FirstLine(message)}"));
        hub.Closed += e => { if (e is not null) Fail($"connection closed: {e.Message}"); return Task.CompletedTask; };

        await hub.StartAsync(ct);
        string? circuit = await hub.InvokeAsync<string?>("StartCircuit", _base.ToString(), Location, "[]", "", ct);
        if (string.IsNullOrEmpty(circuit)) throw new InvalidOperationException($"StartCircuit refused: {Error}");
        _circuitSecret = circuit;
        var operations = new JsonArray();
        for (int i = 0; i < markers.Count; i++)
        {
            var marker = JsonNode.Parse(markers[i])!.AsObject();
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
        }
        string batch = new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
        await hub.SendAsync("UpdateRootComponents", batch, state, ct);
    }

    /// <summary>Milliseconds from now until <paramref name="check"/> holds on the page (checked now and after every render batch).</summary>
    public async Task<double> UntilAsync(Func<RenderedTree, bool> check, TimeSpan timeout, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        await WaitAsync(check, timeout, ct);
        return clock.Elapsed.TotalMilliseconds;
    }

    Task WaitAsync(Func<RenderedTree, bool> check, TimeSpan timeout, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (Error is not null) throw new InvalidOperationException(Error);
            if (check(_tree)) return Task.CompletedTask;
            _waiters.Add((check, done));
        }
        return WaitOrTimeoutAsync(done, check, timeout, ct);
    }

    async Task WaitOrTimeoutAsync(TaskCompletionSource done, Func<RenderedTree, bool> check, TimeSpan timeout, CancellationToken ct)
    {
        try { await done.Task.WaitAsync(timeout, ct); }
        catch (TimeoutException)
        {
            lock (_gate) _waiters.RemoveAll(w => w.Done == done);
            throw new TimeoutException($"content did not appear within {timeout.TotalMilliseconds:F0} ms{(Error is null ? "" : $" ({Error})")}");
        }
    }

    /// <summary>Reads the page under the lock the batches are applied under.</summary>
    public T Read<T>(Func<RenderedTree, T> read)
    {
        long start = ClientCpu.Start();
        lock (_gate)
        {
            try { return read(_tree); }
            finally { ClientCpu.Stop(start); }
        }
    }

    /// <summary>
    /// Finds a target with <paramref name="find"/> (retried, untimed, while a render is still on its way), runs
    /// <paramref name="act"/> on it, and returns the milliseconds from the action until <paramref name="check"/> holds.
    /// </summary>
    public async Task<double> ActAsync(Func<RenderedTree, Node?> find, Func<Node, Task> act, Func<RenderedTree, bool> check, TimeSpan timeout, CancellationToken ct = default)
    {
        var search = Stopwatch.StartNew();
        Node? target;
        while ((target = Read(find)) is null)
        {
            if (Error is not null) throw new InvalidOperationException(Error);
            if (search.Elapsed > timeout) throw new TimeoutException($"nothing to act on within {timeout.TotalMilliseconds:F0} ms");
            await Task.Delay(20, ct);
        }
        var clock = Stopwatch.StartNew();
        await act(target);
        await WaitAsync(check, timeout, ct);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>A click on an element with an <c>@onclick</c> handler.</summary>
    public Task ClickAsync(Node element) =>
        DispatchAsync(element, "onclick", "click", new JsonObject
        {
            ["detail"] = 1, ["screenX"] = 0, ["screenY"] = 0, ["clientX"] = 0, ["clientY"] = 0, ["offsetX"] = 0, ["offsetY"] = 0,
            ["pageX"] = 0, ["pageY"] = 0, ["movementX"] = 0, ["movementY"] = 0, ["button"] = 0, ["buttons"] = 0,
            ["ctrlKey"] = false, ["shiftKey"] = false, ["altKey"] = false, ["metaKey"] = false, ["type"] = "click",
        });

    /// <summary>A new value in a select (<c>@onchange</c>) or typed into an input (<c>@oninput</c>).</summary>
    public Task ChangeAsync(Node element, string value, string eventName = "change") =>
        DispatchAsync(element, "on" + eventName, eventName, new JsonObject { ["value"] = value });

    async Task DispatchAsync(Node element, string attribute, string eventName, JsonObject args)
    {
        ulong handler;
        long interop;
        lock (_gate)
        {
            if (!element.Events.TryGetValue(attribute, out handler)) throw new InvalidOperationException($"<{element.Tag}> has no {attribute} handler");
            interop = _rendererInterop;
        }
        if (interop < 0) throw new InvalidOperationException("the renderer's event dispatcher was never attached");
        var descriptor = new JsonObject { ["eventHandlerId"] = handler, ["eventName"] = eventName, ["eventFieldInfo"] = null };
        string json = new JsonArray(descriptor, args).ToJsonString();
        string callId = Interlocked.Increment(ref _nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Trace($"event {eventName} #{handler} on <{element.Tag}> {args.ToJsonString()}");
        await _hub!.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", interop, json);
    }

    /// <summary>A click on a link: blazor.web.js intercepts it and moves the circuit to the new location.</summary>
    public async Task FollowAsync(Node link)
    {
        string href = Read(_ => link.Attr("href")) ?? throw new InvalidOperationException("a link without href");
        await NavigateAsync(new Uri(_base, href).ToString(), intercepted: true);
    }

    async Task NavigateAsync(string uri, bool intercepted, string? state = null)
    {
        Location = uri;
        Trace($"location {uri} intercepted={intercepted}");
        await _hub!.SendAsync("OnLocationChanged", uri, state, intercepted);
    }

    async Task OnRenderBatchAsync(long id, byte[] data)
    {
        long start = ClientCpu.Start();
        try
        {
            var batch = RenderBatch.Parse(data);
            Trace($"batch {id}: {data.Length} bytes, components {string.Join(",", batch.Diffs.Select(d => $"{d.ComponentId}({d.Edits.Count})"))}, disposed {batch.DisposedComponents.Count}");
            lock (_gate)
            {
                _tree.Apply(batch);
                Batches++;
                BatchBytes += data.Length;
                Recheck();
            }
            ClientCpu.Stop(start);
            await _hub!.SendAsync("OnRenderCompleted", id, null);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException or NullReferenceException)
        {
            // The browser reports a batch it cannot apply the same way; the server then ends the circuit.
            Fail($"render batch {id} could not be applied: {e.Message}");
            await _hub!.SendAsync("OnRenderCompleted", id, e.Message);
        }
    }

    /// <summary>Answers a JS interop call as the page would; only what this app and the framework call is known.</summary>
    async Task OnInvokeJsAsync(object?[] args)
    {
        long handle = (long)args[0]!;
        string identifier = (string)args[1]!;
        string? argsJson = (string?)args[2];
        int resultType = (int)args[3]!;
        Trace($"js {handle} {identifier} {argsJson}");
        string result = "null";
        switch (identifier)
        {
            case "Blazor._internal.attachWebRendererInterop":
                // (rendererId, interop methods as a DotNetObjectReference, ...): where events are dispatched to.
                var attached = JsonNode.Parse(argsJson ?? "[]")!.AsArray();
                lock (_gate) _rendererInterop = attached[1]!["__dotNetObject"]!.GetValue<long>();
                break;
            case "Blazor._internal.navigationManager.navigateTo":
                // NavigationManager.NavigateTo on the server: the page moves and tells the circuit where it is now.
                var nav = JsonNode.Parse(argsJson ?? "[]")!.AsArray();
                string target = new Uri(_base, nav[0]!.GetValue<string>()).ToString();
                if (nav.Count > 1 && nav[1]?["forceLoad"]?.GetValue<bool>() == true) { Fail($"a full page load to {target} was asked for"); break; }
                if (handle != 0) await _hub!.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,null]");
                await NavigateAsync(target, intercepted: false, nav.Count > 1 ? nav[1]?["historyEntryState"]?.GetValue<string>() : null);
                lock (_gate)
                {
                    ServerNavigations++;
                    _batchesAtNavigation = Batches;
                }
                return;
            case "ZBlazorDiagrams.getBoundingClientRect":
                result = """{"width":1200,"height":640,"top":120,"left":40,"right":1240,"bottom":760,"x":40,"y":120}""";
                break;
        }
        if (resultType == 1) result = $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextJsObject)}}}";   // a JSObjectReference
        if (handle == 0) return;   // fire and forget
        await _hub!.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,{result}]");
    }

    static readonly bool Tracing = Environment.GetEnvironmentVariable("LOADTEST_TRACE") == "1";
    readonly Stopwatch _traceClock = Stopwatch.StartNew();

    /// <summary>LOADTEST_TRACE=1: every batch, JS call, event and navigation of every circuit on stderr.</summary>
    void Trace(string what)
    {
        if (Tracing) Console.Error.WriteLine($"[{GetHashCode():x8} {_traceClock.Elapsed.TotalMilliseconds,8:F1}] {what}");
    }

    /// <summary>Releases the waiters whose check holds now. Called under the lock.</summary>
    void Recheck()
    {
        for (int i = _waiters.Count - 1; i >= 0; i--)
        {
            if (!_waiters[i].Check(_tree)) continue;
            _waiters[i].Done.TrySetResult();
            _waiters.RemoveAt(i);
        }
    }

    void Fail(string message)
    {
        lock (_gate)
        {
            Error ??= message;
            foreach (var w in _waiters) w.Done.TrySetException(new InvalidOperationException(message));
            _waiters.Clear();
        }
    }

    static string FirstLine(string? s) => (s ?? "").Split('\n', 2)[0].Trim();

    /// <summary>
    /// Leaves the page as a browser tab does: blazor.web.js sends the circuit id to <c>_blazor/disconnect</c> when the
    /// page goes away, so the server disposes the circuit at once instead of keeping it for a reconnect.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_circuitSecret is { } secret)
        {
            try
            {
                using var form = new FormUrlEncodedContent([new("circuitId", secret)]);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                (await _http.PostAsync("_blazor/disconnect", form, cts.Token)).Dispose();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }   // a beacon: nobody waits for it
        }
        if (_hub is not null) await _hub.DisposeAsync();
        _http.Dispose();
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex State();
}
