/* The pipeline board's drag and drop.
 *
 * A movable card (draggable, with data-move-url and data-version) dropped on another
 * column posts the same move form as the card's buttons. Dropping on an exit opens the
 * reason dialog, on "IRC issued" the IRC dialog; the server checks the permission and
 * validates, and answers with the redrawn board, which replaces #board (htmx). Without
 * JavaScript, the buttons on each card still work.
 */
(function () {
  "use strict";

  var dragged = null;

  function exits() {
    var board = document.getElementById("board");
    return board ? (board.dataset.exits || "").split(" ") : [];
  }

  function ircStage() {
    var board = document.getElementById("board");
    return board ? board.dataset.irc : "";
  }

  function column(element) {
    return element && element.closest ? element.closest(".board__drop[data-stage]") : null;
  }

  function send(form, url) {
    if (!window.htmx) {
      form.action = url;
      form.submit();
      return;
    }
    window.htmx.ajax("POST", url + window.location.search, {
      source: form,
      target: "#board",
      swap: "outerHTML",
    });
  }

  function openDialog(id, card, stage, label) {
    var dialog = document.getElementById(id);
    var form = dialog.querySelector("form");
    form.reset();
    form.elements.version.value = card.dataset.version;
    form.elements.to_stage.value = stage;
    form.dataset.url = card.dataset.moveUrl;
    var title = card.querySelector(".card__title");
    dialog.querySelectorAll("[data-slot]").forEach(function (slot) {
      slot.textContent = slot.dataset.slot === "stage" ? label : title ? title.textContent : "";
    });
    dialog.showModal();
  }

  function move(card, target) {
    var stage = target.dataset.stage;
    if (stage === card.dataset.stage) {
      return;
    }
    if (exits().indexOf(stage) >= 0) {
      openDialog("board-exit", card, stage, target.dataset.dropLabel || stage);
    } else if (stage === ircStage()) {
      openDialog("board-irc", card, stage, target.dataset.dropLabel || stage);
    } else {
      var form = document.getElementById("board-move");
      form.elements.version.value = card.dataset.version;
      form.elements.to_stage.value = stage;
      send(form, card.dataset.moveUrl);
    }
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".card[draggable=true]");
    if (!card) {
      return;
    }
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.project);
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("is-dragging");
    }
    dragged = null;
    document.querySelectorAll(".is-drop-target").forEach(function (el) {
      el.classList.remove("is-drop-target");
    });
  });

  document.addEventListener("dragover", function (event) {
    var target = column(event.target);
    if (dragged && target && target.dataset.stage !== dragged.dataset.stage) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      target.classList.add("is-drop-target");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var target = column(event.target);
    if (target && !target.contains(event.relatedTarget)) {
      target.classList.remove("is-drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var target = column(event.target);
    if (!dragged || !target) {
      return;
    }
    event.preventDefault();
    target.classList.remove("is-drop-target");
    move(dragged, target);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.boardDialog) {
      return;
    }
    event.preventDefault();
    form.closest("dialog").close();
    send(form, form.dataset.url);
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-dialog-cancel]");
    if (cancel) {
      cancel.closest("dialog").close();
    }
  });
})();
