// ShoggothLens UI helpers: theme toggle, keyboard navigation, file download. No corpus text passes through here.
window.shoggoth = (function () {
  function setTheme(t) {
    document.documentElement.setAttribute('data-theme', t);
    try { localStorage.setItem('shoggoth-theme', t); } catch (e) { }
  }
  function toggleTheme() {
    setTheme(document.documentElement.getAttribute('data-theme') === 'dark' ? 'light' : 'dark');
  }
  function typing(e) {
    var el = e.target;
    return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll('[data-nav-row]')); }
  function moveRow(delta) {
    var all = rows();
    if (all.length === 0) return;
    var i = all.indexOf(document.activeElement);
    var next = all[Math.max(0, Math.min(all.length - 1, i < 0 ? 0 : i + delta))];
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
  }
  function click(selector) {
    var el = document.querySelector(selector);
    if (el) { el.click(); return true; }
    return false;
  }
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e)) {
      if (e.key === 'Escape') e.target.blur();
      return;
    }
    switch (e.key) {
      case '/': {
        var s = document.querySelector('[data-search]');
        if (s) { e.preventDefault(); s.focus(); s.select(); }
        break;
      }
      case 't': toggleTheme(); break;
      case 'j': case 'ArrowDown':
        if (rows().length) { e.preventDefault(); moveRow(1); }
        break;
      case 'k': case 'ArrowUp':
        if (rows().length) { e.preventDefault(); moveRow(-1); }
        break;
      case 'Enter':
        if (document.activeElement && document.activeElement.hasAttribute('data-nav-row')) {
          var a = document.activeElement.querySelector('a');
          if (a) { e.preventDefault(); a.click(); }
        }
        break;
      case 'n': case 'ArrowRight':
        if (click('[data-key-next]')) e.preventDefault();
        break;
      case 'p': case 'ArrowLeft':
        if (click('[data-key-prev]')) e.preventDefault();
        break;
    }
  });
  async function download(name, mime, streamRef) {
    var buffer = await streamRef.arrayBuffer();
    var url = URL.createObjectURL(new Blob([buffer], { type: mime }));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  }
  // The feature grid renders its first screen as plain rows (prerendered, no viewport measuring) and virtualizes on
  // the first scroll of the grid: one listener per page, dropped after it fires or when the page goes.
  var gridScroll = null;
  function unwatchGridScroll() {
    if (gridScroll) document.removeEventListener('scroll', gridScroll, true);
    gridScroll = null;
  }
  function watchGridScroll(ref) {
    unwatchGridScroll();
    gridScroll = function (e) {
      if (!(e.target instanceof Element) || !e.target.matches('[data-feature-grid]')) return;
      unwatchGridScroll();
      ref.invokeMethodAsync('StartVirtualizing').catch(function () { });
    };
    document.addEventListener('scroll', gridScroll, true);
  }
  return { toggleTheme: toggleTheme, setTheme: setTheme, download: download, watchGridScroll: watchGridScroll, unwatchGridScroll: unwatchGridScroll };
})();
