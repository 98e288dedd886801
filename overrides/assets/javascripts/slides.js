/* Presenter slides: reveal.js and its speaker-notes plugin, both shipped in assets/reveal/.
   Opened with ?print-pdf the deck lays itself out for printing, one slide a page with its notes: handouts. */
(function () {
  "use strict";
  var printing = /(^|[?&])print-pdf/i.test(window.location.search);
  window.Reveal.initialize({
    width: 1280,
    height: 720,
    margin: 0.04,
    center: false,
    hash: true, // the slide is in the address: a reload or a bookmark keeps it
    controls: true,
    progress: true,
    slideNumber: "c/t",
    transition: "none", // nothing moves that a room would have to wait for
    backgroundTransition: "none",
    showNotes: printing,
    pdfMaxPagesPerSlide: 1,
    plugins: [window.RevealNotes],
  });
  if (printing) {
    // Laid out for paper every slide shows, so none is hidden from a screen reader (or the links in it).
    window.Reveal.on("pdf-ready", function () {
      document.querySelectorAll(".reveal .slides section[aria-hidden]").forEach(function (slide) {
        slide.removeAttribute("aria-hidden");
      });
      document.documentElement.setAttribute("data-handouts-ready", "");
    });
  }
})();
