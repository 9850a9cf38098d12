// Runs in <head> before the first paint: the remembered theme, else the system's preference.
(function () {
  var t = null;
  try { t = localStorage.getItem('shoggoth-theme'); } catch (e) { }
  if (t !== 'light' && t !== 'dark') t = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.setAttribute('data-theme', t);
})();
