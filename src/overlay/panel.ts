/**
 * The overlay's box on screen: a fixed, semi-transparent panel of "label value" lines, drawn with
 * textContent only (no HTML from data). ES5 DOM, nothing a 2016 TV engine lacks.
 */
import { OverlayRow } from './format';

export interface Panel {
  show(rows: OverlayRow[]): void;
  hide(): void;
  visible(): boolean;
  destroy(): void;
}

/** The few element members the panel uses (a test can pass a stand-in). */
export interface PanelElement {
  id: string;
  style: { cssText: string };
  textContent: string | null;
  parentNode: PanelParent | null;
  setAttribute(name: string, value: string): void;
  appendChild(child: PanelElement): unknown;
}

export interface PanelParent {
  appendChild(child: PanelElement): unknown;
  removeChild(child: PanelElement): unknown;
  replaceChild(next: PanelElement, old: PanelElement): unknown;
}

/** The few DOM calls the panel makes (a test can pass a stand-in). */
export interface DocumentLike {
  createElement(tag: string): PanelElement;
  body: PanelParent | null;
}

// CSS tables: a wrapped value stays in its column on every engine, old ones included.
var BOX_STYLE =
  'position:fixed;top:24px;right:24px;z-index:2147483647;width:600px;padding:12px 16px;display:table;table-layout:fixed;' +
  'background:rgba(0,0,0,0.78);color:#e8e8e8;font:16px/1.35 monospace;border-left:4px solid #2f7de1;pointer-events:none';
var ROW_STYLE = 'display:table-row';
var LABEL_STYLE = 'display:table-cell;width:7.5em;color:#8fb8ff;white-space:nowrap';
var VALUE_STYLE = 'display:table-cell;word-wrap:break-word';

export function createPanel(doc: DocumentLike): Panel {
  var box: PanelElement | null = null;

  function line(row: OverlayRow): PanelElement {
    var div = doc.createElement('div');
    var label = doc.createElement('span');
    var value = doc.createElement('span');
    div.style.cssText = ROW_STYLE;
    label.style.cssText = LABEL_STYLE;
    value.style.cssText = VALUE_STYLE;
    label.textContent = row.label;
    value.textContent = row.value;
    value.setAttribute('data-field', row.key);
    div.appendChild(label);
    div.appendChild(value);
    return div;
  }

  function remove(): void {
    if (box && box.parentNode) box.parentNode.removeChild(box);
    box = null;
  }

  return {
    show: function (rows) {
      if (!doc.body) return;
      var next = doc.createElement('div');
      next.id = 'tv-telemetry-overlay';
      next.style.cssText = BOX_STYLE;
      for (var i = 0; i < rows.length; i++) next.appendChild(line(rows[i]));
      // One swap per refresh: the old box goes as the new one arrives, so nothing flickers.
      if (box && box.parentNode) box.parentNode.replaceChild(next, box);
      else doc.body.appendChild(next);
      box = next;
    },
    hide: remove,
    visible: function () {
      return box !== null;
    },
    destroy: remove,
  };
}
