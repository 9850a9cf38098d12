using System.Text.Json;
using Microsoft.Playwright;

namespace ShoggothLens.LoadTest;

/// <summary>
/// Times measured inside the page, so that the driver's own round trips do not count: a script added to every
/// document records, from navigation start, when each named content check first holds (cold loads); an
/// interaction runs its action in the page and waits there, on DOM mutations, for its content check
/// (<see cref="ActAsync"/>). "Visible" means the element has layout boxes.
/// </summary>
public static class PageProbe
{
    /// <summary>The checks a cold load waits for, by name.</summary>
    public const string GridRows = "grid", FeatureContent = "feature", Interactive = "interactive";

    public const string Script = """
        (() => {
          if (window.__lt) return;
          const visible = el => !!el && el.getClientRects().length > 0;
          const lt = window.__lt = { seen: {}, visible };
          lt.checks = {
            grid: () => visible(document.querySelector('[data-feature-grid] a[data-feature]')),
            feature: () => visible(document.querySelector('.feature-head h1 .mono')) && !!document.querySelector('[data-scores], main .state'),
            // FocusOnNavigate focuses the page's h1 only from an interactive render: the circuit is up and has rendered.
            interactive: () => !!document.activeElement && document.activeElement.tagName === 'H1' && !!window.Blazor,
          };
          lt.until = (check, t0, timeout) => new Promise((resolve, reject) => {
            let done = false, obs = null, iv = 0, to = 0;
            const finish = ok => {
              if (done) return;
              done = true;
              if (obs) obs.disconnect();
              clearInterval(iv); clearTimeout(to);
              ok ? resolve(performance.now() - t0) : reject(new Error('content did not appear within ' + timeout + ' ms'));
            };
            const test = () => { let ok = false; try { ok = check(); } catch (e) { } if (ok) finish(true); };
            obs = new MutationObserver(test);
            obs.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
            iv = setInterval(test, 10);   // focus changes are no mutation
            to = setTimeout(() => finish(false), timeout);
            test();
          });
          // From navigation start (performance.now() counts from it) until each named check first holds.
          const pending = Object.keys(lt.checks);
          for (const name of pending)
            lt.until(lt.checks[name], 0, 120000).then(ms => { lt.seen[name] = ms; }, () => { });
          lt.firstSeen = (name, timeout) => name in lt.seen ? Promise.resolve(lt.seen[name])
            : lt.until(lt.checks[name], 0, timeout).then(() => lt.seen[name] ?? performance.now());
          // The action throws while its target is not in the page yet (a render still on its way): retried, untimed,
          // until it runs; the time counts from the moment it ran.
          lt.act = async (action, check, timeout) => {
            const start = performance.now();
            for (;;) {
              try { const t0 = performance.now(); action(); return await lt.until(check, t0, timeout); }
              catch (e) { if (e instanceof TypeError && performance.now() - start < timeout) await new Promise(r => setTimeout(r, 20)); else throw e; }
            }
          };
          lt.firstRow = () => { const a = document.querySelector('[data-feature-grid] a[data-feature]'); return a ? +a.getAttribute('data-feature') : -1; };
          lt.gridShows = id => { const a = document.querySelector('[data-feature-grid] a[data-feature]'); return visible(a) && a.getAttribute('data-feature') === String(id); };
          lt.featureShows = id => { const h = document.querySelector('.feature-head h1 .mono'); return visible(h) && h.textContent.trim() === '#' + id && !!document.querySelector('[data-scores], main .state'); };
          lt.errorShown = () => { const e = document.getElementById('blazor-error-ui'); return !!e && getComputedStyle(e).display !== 'none'; };
        })();
        """;

    /// <summary>Milliseconds from navigation start until the named check first held (waits up to <paramref name="timeout"/>).</summary>
    public static async Task<double> FirstSeenAsync(IPage page, string check, TimeSpan timeout) =>
        await page.EvaluateAsync<double>("([name, timeout]) => window.__lt.firstSeen(name, timeout)", new object[] { check, (int)timeout.TotalMilliseconds });

    /// <summary>
    /// Runs <paramref name="action"/> (a JS statement) in the page and returns the milliseconds until <paramref name="check"/>
    /// (a JS expression) holds. Both are built by the session from fixed selectors and numbers, never from page text.
    /// </summary>
    public static async Task<double> ActAsync(IPage page, string action, string check, TimeSpan timeout) =>
        await page.EvaluateAsync<double>($"timeout => window.__lt.act(() => {{ {action} }}, () => ({check}), timeout)", (int)timeout.TotalMilliseconds);

    public static Task<int> FirstRowAsync(IPage page) => page.EvaluateAsync<int>("() => window.__lt.firstRow()");

    public static Task<bool> ErrorShownAsync(IPage page) => page.EvaluateAsync<bool>("() => window.__lt.errorShown()");

    /// <summary>A JS string literal.</summary>
    public static string Js(string s) => JsonSerializer.Serialize(s);
}
