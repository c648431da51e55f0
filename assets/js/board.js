/* board.js: owns the pipeline board's enhancements (pipeline.xhtml,
 * loaded under the CSP script-src 'self'). Without it every card has a
 * move form (choose a stage, press Move) that posts to the deal's move
 * and comes back to the board. With it, a card can also be dragged to
 * another column, or focused and moved to the previous or next column
 * with the left or right arrow key; both only choose the stage in the
 * card's own form and submit it, so the server path, CSRF token, checks
 * and audit record are the same. The move is announced in the page's
 * aria-live region; after the board comes back the moved card has the
 * focus again. */
(function () {
	"use strict";
	var board = document.getElementById("board");
	var live = document.getElementById("board-live");
	var moving = document.getElementById("board-msg-moving");
	var keys = document.getElementById("board-keys");
	var KEY = "crm-board-moved";
	var held = null;

	if (board === null) {
		return;
	}

	function columnOf(el) {
		while (el !== null && el !== board) {
			if (el.parentNode === board) {
				return el;
			}
			el = el.parentNode;
		}
		return null;
	}

	function stageName(column) {
		var n = column.querySelector(".stage-name");
		return n === null ? "" : n.textContent;
	}

	/* Chooses the stage of column in card's form and submits it. */
	function move(card, column) {
		var form = card.querySelector("form.card-move");
		var select = form === null ? null : form.querySelector("select[name=stage]");
		var stage = column.getAttribute("data-stage");
		var title = card.querySelector(".card-title");
		var i;

		if (select === null || column === columnOf(card)) {
			return;
		}
		for (i = 0; i < select.options.length; i++) {
			if (select.options[i].value === stage) {
				select.selectedIndex = i;
				if (live !== null && moving !== null) {
					live.textContent = (title ? title.textContent + ": " : "") +
						moving.textContent + " " + stageName(column);
				}
				try {
					window.sessionStorage.setItem(KEY, card.getAttribute("data-deal"));
				} catch (e) {
					/* storage off: the focus just starts at the top */
				}
				if (typeof form.requestSubmit === "function") {
					form.requestSubmit();
				} else {
					form.submit();
				}
				return;
			}
		}
	}

	function sibling(column, step) {
		var cols = Array.prototype.filter.call(board.children, function (c) {
			return c.hasAttribute("data-stage");
		});
		var at = cols.indexOf(column) + step;

		return at >= 0 && at < cols.length ? cols[at] : null;
	}

	function onKey(ev) {
		var card = ev.currentTarget, target;

		if (ev.target !== card || ev.altKey || ev.ctrlKey || ev.metaKey) {
			return;
		}
		if (ev.key === "ArrowLeft" || ev.key === "ArrowRight") {
			target = sibling(columnOf(card), ev.key === "ArrowLeft" ? -1 : 1);
			if (target !== null) {
				ev.preventDefault();
				move(card, target);
			}
		}
	}

	function clearTargets() {
		Array.prototype.forEach.call(board.querySelectorAll(".drop-target"), function (c) {
			c.classList.remove("drop-target");
		});
	}

	function setUp(card) {
		var title = card.querySelector(".card-title a");

		if (card.querySelector("form.card-move") === null) {
			return;
		}
		card.setAttribute("draggable", "true");
		card.setAttribute("tabindex", "0");
		if (title !== null && title.id) {
			card.setAttribute("aria-labelledby", title.id);
		}
		if (keys !== null) {
			card.setAttribute("aria-describedby", keys.id);
		}
		card.addEventListener("keydown", onKey);
		card.addEventListener("dragstart", function (ev) {
			held = card;
			card.classList.add("dragging");
			ev.dataTransfer.effectAllowed = "move";
			ev.dataTransfer.setData("text/plain", card.getAttribute("data-deal") || "");
		});
		card.addEventListener("dragend", function () {
			card.classList.remove("dragging");
			held = null;
			clearTargets();
		});
	}

	Array.prototype.forEach.call(board.querySelectorAll(".deal-card"), setUp);
	Array.prototype.forEach.call(board.children, function (column) {
		if (!column.hasAttribute("data-stage")) {
			return;
		}
		column.addEventListener("dragover", function (ev) {
			if (held !== null && columnOf(held) !== column) {
				ev.preventDefault();
				ev.dataTransfer.dropEffect = "move";
				column.classList.add("drop-target");
			}
		});
		column.addEventListener("dragleave", function (ev) {
			if (!column.contains(ev.relatedTarget)) {
				column.classList.remove("drop-target");
			}
		});
		column.addEventListener("drop", function (ev) {
			ev.preventDefault();
			clearTargets();
			if (held !== null) {
				move(held, column);
			}
		});
	});
	Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (el) {
		el.removeAttribute("hidden");
	});
	(function refocus() {
		var id, card;

		try {
			id = window.sessionStorage.getItem(KEY);
			window.sessionStorage.removeItem(KEY);
		} catch (e) {
			return;
		}
		card = id ? board.querySelector('.deal-card[data-deal="' + id.replace(/[^0-9]/g, "") + '"]') : null;
		if (card !== null) {
			card.focus();
		}
	}());
}());
