// @ts-check
/**
 * The one way the playground builds DOM: elements with attributes and children, where a string
 * child always becomes a text node. Nothing here parses HTML, so user text can never become markup.
 */

/**
 * @typedef {Node | string | number | null | undefined | false} Child
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined | EventListener>} [props]
 *   `class` sets the class name, `on<event>` adds a listener, `true` sets an empty attribute,
 *   `false`/`null`/`undefined` leaves it out.
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} parent
 * @param {(Child | Child[])[]} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** @param {Element} el */
export function clear(el) {
  el.replaceChildren();
}

/** A section with a heading, for the result panel. @param {string} id @param {string} title @param {...(Child | Child[])} children */
export function section(id, title, ...children) {
  return h('section', { class: 'result-section', 'aria-labelledby': `${id}-heading` }, h('h3', { id: `${id}-heading` }, title), ...children);
}
