// Blazor.Diagrams 3.0.4.1 (script.min.js) keeps calling OnResize for canvases and nodes that Blazor has already
// removed: its ResizeObserver reports a removed node (size 0) and its MutationObserver walks a removed canvas, after
// the component disposed its DotNetObjectReference, so every call failed on the server and the page logged
// "There was an exception invoking 'OnResize'" (dozens per visit to /personas). This runs right after that script,
// before Blazor starts, and swaps both observers for ones that skip elements no longer in the document; a call that
// still races a disposal is dropped quietly (the component is gone, there is nothing to resize).
(() => {
    const d = window.ZBlazorDiagrams;
    if (!d || !d.ro || !d.mo) return;
    const resize = (ref, rect) => ref.invokeMethodAsync('OnResize', rect).catch(() => { });
    d.ro.disconnect();
    d.ro = new ResizeObserver(entries => {
        for (const entry of entries) {
            if (!entry.target.isConnected) continue;
            const attr = Array.from(entry.target.attributes).find(a => a.name.startsWith('_bl'));
            const tracked = attr && d.tracked[attr.name.substring(4)];
            if (tracked) resize(tracked.ref, entry.target.getBoundingClientRect());
        }
    });
    d.mo.disconnect();
    d.mo = new MutationObserver(() => {
        for (const id in d.canvases) {
            const canvas = d.canvases[id];
            if (!canvas.elem.isConnected) { delete d.canvases[id]; continue; }   // also keeps the scroll handler off it
            const last = canvas.lastBounds, now = canvas.elem.getBoundingClientRect();
            if (last.left !== now.left || last.top !== now.top || last.width !== now.width || last.height !== now.height) {
                canvas.lastBounds = now;
                resize(canvas.ref, now);
            }
        }
    });
    d.mo.observe(document.body, { childList: true, subtree: true });
})();
