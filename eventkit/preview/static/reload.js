// `eventkit preview`: reload this page when the server reports a new version (server-sent events), keeping the
// scroll position. The server sends the current version as soon as the connection opens, so a change made
// between loading the page and connecting is not missed.
(function () {
  var shown = document.documentElement.getAttribute("data-preview-version");
  var key = "eventkit-preview-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { window.scrollTo(0, parseInt(saved, 10)); sessionStorage.removeItem(key); }
  var source = new EventSource("/_preview/events");
  source.addEventListener("version", function (event) {
    if (event.data !== shown) {
      sessionStorage.setItem(key, String(window.scrollY));
      source.close();
      location.reload();
    }
  });
})();
