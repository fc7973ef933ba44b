/* A case picked for a charge (or a case link) is offered for the verdicts and events added after
   it: a new row's empty case field is filled with it, and the editor may change it. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const $ = window.django && window.django.jQuery;
  if (!$) return;
  let lastCase = null;
  const PICKED = /^(charges|case_links)-\d+-case$/;
  const OFFERED = /^(verdicts|events)-\d+-case$/;

  $(document).on("change", "select", function () {
    if (PICKED.test(this.name) && this.value) {
      lastCase = { id: this.value, text: $(this).find("option:selected").text() };
    }
  });

  function offer(row) {
    if (!lastCase) return;
    $(row).find("select").each(function () {
      if (!OFFERED.test(this.name) || this.value) return;
      if (!$(this).find(`option[value="${lastCase.id}"]`).length) {
        $(this).append(new Option(lastCase.text, lastCase.id, false, false));
      }
      $(this).val(lastCase.id).trigger("change");
    });
  }

  document.addEventListener("formset:added", function (event) {
    if (["verdicts", "events"].includes(event.detail.formsetName)) offer(event.target);
  });
});
