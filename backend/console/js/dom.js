// dom.js — building the page from elements, never from markup.
//
// Every piece of text reaches the page through a text node (createTextNode or
// textContent), so a guide titled "<img src=x onerror=alert(1)>" is shown as
// exactly those characters.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false)
      continue;
    if (Array.isArray(child))
      append(parent, child);
    else if (child instanceof Node)
      parent.appendChild(child);
    else
      parent.appendChild(document.createTextNode(String(child)));
  }
}

// Properties set as properties rather than attributes (they reflect live state).
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'required',
  'multiple', 'readOnly', 'indeterminate']);

function apply(element, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false)
      continue;
    if (name === 'text')
      element.textContent = String(value);
    else if (name === 'on')
      for (const [event, handler] of Object.entries(value))
        element.addEventListener(event, handler);
    else if (name === 'dataset')
      Object.assign(element.dataset, value);
    else if (PROPERTIES.has(name))
      element[name] = value;
    else
      element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
}

// h('button', {type: 'button', on: {click}}, 'Save') → <button type="button">Save</button>
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  apply(element, attrs);
  append(element, children);
  return element;
}

export function svg(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  apply(element, attrs);
  append(element, children);
  return element;
}

export function clear(element) {
  while (element.firstChild)
    element.removeChild(element.firstChild);
  return element;
}

export function replace(element, ...children) {
  clear(element);
  append(element, children);
  return element;
}

let uniqueCounter = 0;

// A fresh id for tying a label, a hint or an error to its input.
export function uniqueId(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

// A page's h1, focusable so that the move to a new page is announced.
export function pageHeading(text) {
  return h('h1', { tabindex: '-1' }, text);
}
