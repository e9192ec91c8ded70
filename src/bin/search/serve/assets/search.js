// The search page, enhanced: results as you type from /api/search, the URL
// kept in step (back and forward work), keys to move through results, and a
// notice when new articles arrive (/api/events). Every text from the API is
// put into the page as text nodes, never as HTML; the marks come from the
// API's byte ranges. The page works without this file: it only makes it quicker.
'use strict';
(() => {
  const form = document.getElementById('search');
  const box = document.getElementById('q');
  const results = document.getElementById('results');
  const notice = document.getElementById('notice');
  const PAGE = 10;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let controller = null;
  let timer = 0;

  // An element with attributes and children (strings become text nodes).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  // `text` with the UTF-8 byte ranges `marks` in <mark>, as text nodes.
  function marked(text, marks) {
    const bytes = encoder.encode(text);
    const out = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of marks || []) {
      if (start < at || end <= start || end > bytes.length) continue;
      out.append(decoder.decode(bytes.subarray(at, start)));
      out.append(el('mark', {}, decoder.decode(bytes.subarray(start, end))));
      at = end;
    }
    out.append(decoder.decode(bytes.subarray(at)));
    return out;
  }

  // The form's fields as a query string, without the empty ones.
  function formParams() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value !== '') params.set(name, value);
    }
    // The default order needs no mention in the address.
    if (params.get('sort') === 'relevance') params.delete('sort');
    return params;
  }

  // The form made to say what `params` say.
  function fill(params) {
    for (const name of ['q', 'since', 'until']) form.elements[name].value = params.get(name) || '';
    form.elements.sort.value = params.get('sort') || 'relevance';
    form.elements.exact.checked = params.has('exact');
    for (const name of ['source', 'lang']) {
      let input = form.querySelector('input[name=' + name + ']');
      if (!input) {
        input = el('input', { type: 'hidden', name });
        form.append(input);
      }
      input.value = params.get(name) || '';
      const chip = form.querySelector('.chip[data-for=' + name + ']');
      if (chip && !input.value) chip.hidden = true;
    }
    let offset = form.querySelector('input[name=offset]');
    if (!offset) {
      offset = el('input', { type: 'hidden', name: 'offset' });
      form.append(offset);
    }
    offset.value = params.get('offset') || '';
  }

  function link(params, changes) {
    const next = new URLSearchParams(params);
    next.delete('offset');
    for (const [name, value] of Object.entries(changes)) {
      if (value === '' || value === null) next.delete(name);
      else next.set(name, value);
    }
    return '/?' + next.toString();
  }

  function articleHref(id, params) {
    return '/articles/' + encodeURIComponent(id) + '?q=' + encodeURIComponent(params.get('q') || '');
  }

  function thousands(n) {
    return n.toLocaleString('en-US');
  }

  function count(json, offset) {
    const total = json.total_hits;
    const about = json.total_hits_exact ? '' : 'about ';
    const matches = about + (total === 1 ? '1 match' : thousands(total) + ' matches');
    if (total === 0) {
      const q = json.query.includes('"') ? "'" + json.query + "'" : '"' + json.query + '"';
      const out = json.filtered_out;
      return out
        ? 'no articles match ' + q + ': ' + out.filter + ' leaves none of the ' + thousands(out.matches_without) + ' that match without it'
        : 'no articles match ' + q;
    }
    if (json.hits.length > 0 && (offset > 0 || json.more)) {
      return 'showing ' + (offset + 1) + '–' + (offset + json.hits.length) + ' of ' + matches;
    }
    return matches;
  }

  function notes(json, params) {
    const list = el('ul', { class: 'notes' });
    for (const note of json.notes || []) {
      list.append(el('li', {}, note.operator + ' at column ' + note.column + ' has nothing to apply to and was left out'));
    }
    for (const s of json.suggestions) {
      if (!s.did_you_mean.length) continue;
      const [first, ...rest] = s.did_you_mean;
      const also = rest.length ? ' (or ' + rest.map((w) => '"' + w + '"').join(', ') + ')' : '';
      const item = el('li', {}, '"' + s.word + '" is not in the index; did you mean "' + first + '"?' + also + ' ');
      for (const word of s.did_you_mean) {
        const q = json.query.split(' ').map((p) => (p.toLowerCase() === s.word.toLowerCase() ? word : p)).join(' ');
        item.append(el('a', { href: link(params, { q }) }, 'Search for “' + word + '”'), ' ');
      }
      list.append(item);
    }
    if (json.relaxed) list.append(el('li', {}, 'no article contains every word; showing articles with any of them'));
    return list;
  }

  function hit(h, params) {
    const meta = el('p', { class: 'meta' });
    if (h.date) meta.append(el('time', { datetime: h.date }, h.date));
    if (h.source) meta.append(el('a', { class: 'source', href: link(params, { source: h.source }) }, h.source));
    if (h.language) meta.append(el('span', { class: 'lang' }, h.language));
    meta.append(el('span', { class: 'place' }, h.position > 0 ? h.path + ' #' + h.position : h.path));
    const item = el('li', { class: 'hit' },
      el('h2', {}, el('a', { href: articleHref(h.id, params) }, marked(h.title, h.title_highlights))), meta);
    for (const s of h.snippets) item.append(el('p', { class: 'passage' }, marked(s.text, s.highlights)));
    if (h.near_duplicates.length) {
      const list = el('ul');
      for (const n of h.near_duplicates) {
        list.append(el('li', {}, el('a', { href: articleHref(n.id, params) }, n.title),
          n.date ? ' · ' + n.date : null, n.source ? ' · ' + n.source : null));
      }
      item.append(el('details', { class: 'near' }, el('summary', {}, '+' + h.near_duplicates.length + ' near-identical'), list));
    }
    return item;
  }

  function pages(json, params, offset) {
    const size = Math.max(1, parseInt(params.get('limit'), 10) || PAGE);
    if (offset === 0 && !json.more) return null;
    const nav = el('nav', { class: 'pages', 'aria-label': 'Result pages' });
    const at = (o) => { const p = new URLSearchParams(params); p.set('offset', o); return '/?' + p; };
    if (offset > 0) nav.append(el('a', { rel: 'prev', href: at(Math.max(0, offset - size)) }, '← Previous'));
    nav.append(el('span', {}, 'Page ' + (Math.floor(offset / size) + 1)));
    if (json.more) nav.append(el('a', { rel: 'next', href: at(offset + json.hits.length) }, 'Next →'));
    return nav;
  }

  function facets(f, params) {
    const aside = el('aside', { class: 'facets', 'aria-label': 'Refine' });
    const sources = el('ul', { class: 'sources' });
    const current = params.get('source') || '';
    if (current) sources.append(el('li', {}, el('a', { href: link(params, { source: '' }) }, 'All sources')));
    for (const [name, n] of f.sources) {
      sources.append(el('li', {},
        el('a', { href: link(params, { source: name }), 'aria-current': name === current ? 'true' : null }, name),
        ' ', el('span', { class: 'n' }, thousands(n))));
    }
    const lang = params.get('lang') || '';
    const languages = el('ul', { class: 'sources languages' });
    if (lang) languages.append(el('li', {}, el('a', { href: link(params, { lang: '' }) }, 'All languages')));
    for (const [code, n] of f.languages || []) {
      languages.append(el('li', {},
        el('a', { href: link(params, { lang: code }), 'aria-current': code === lang ? 'true' : null }, code),
        ' ', el('span', { class: 'n' }, thousands(n))));
    }
    const [timeline, unit] = f.months.length ? [f.months, 'month'] : [f.years, 'year'];
    const widest = Math.max(1, ...timeline.map(([, n]) => n));
    const chart = el('ol', { class: 'chart' });
    for (const [label, n] of timeline) {
      chart.append(el('li', {}, el('a', { href: link(params, { since: label, until: label }), title: label + ': ' + n },
        el('span', { class: 'label' }, label),
        el('span', { class: 'bar w' + Math.ceil((n * 20) / widest) }),
        el('span', { class: 'n' }, thousands(n)))));
    }
    aside.append(el('h2', {}, 'Sources'), sources);
    if ((f.languages || []).length > 1 || lang) aside.append(el('h2', {}, 'Languages'), languages);
    aside.append(el('h2', {}, 'Matches per ' + unit), chart);
    if (f.undated > 0) aside.append(el('p', { class: 'hint' }, thousands(f.undated) + ' undated'));
    return aside;
  }

  function render(json, params) {
    const offset = parseInt(params.get('offset'), 10) || 0;
    const list = el('ol', { start: offset + 1 }, ...json.hits.map((h) => hit(h, params)));
    const columns = el('div', { class: 'columns' },
      el('section', { class: 'hits', 'aria-label': 'Results' }, list, pages(json, params, offset)),
      json.facets && json.total_hits > 0 ? facets(json.facets, params) : null);
    results.replaceChildren(
      el('p', { id: 'count', role: 'status', 'aria-live': 'polite' }, count(json, offset)),
      notes(json, params), columns);
    document.title = json.query + ' – news-search';
  }

  function showError(message) {
    results.replaceChildren(el('p', { id: 'count', role: 'status', 'aria-live': 'polite', class: 'error' }, message));
  }

  // Runs the search the form holds; `push` makes a new history entry.
  async function run(push) {
    const params = formParams();
    const url = params.toString() ? '/?' + params : '/';
    // Leaving an article's page for results keeps the article in history.
    if (push || location.pathname !== '/') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    if (controller) controller.abort();
    if (!(params.get('q') || '').trim()) {
      controller = null;
      results.replaceChildren(el('p', { id: 'count', role: 'status', 'aria-live': 'polite' }));
      document.title = 'news-search';
      return;
    }
    controller = new AbortController();
    const api = new URLSearchParams(params);
    api.set('facets', 'true');
    if (!api.has('limit')) api.set('limit', PAGE);
    try {
      const response = await fetch('/api/search?' + api, { signal: controller.signal });
      const json = await response.json();
      if (response.ok) render(json, params);
      else showError(json.error);
    } catch (error) {
      if (error.name !== 'AbortError') showError('The server cannot be reached: try again in a moment.');
    }
  }

  function resetOffset() {
    const offset = form.querySelector('input[name=offset]');
    if (offset) offset.value = '';
  }

  if (form && box) {
    box.addEventListener('input', () => {
      clearTimeout(timer);
      resetOffset();
      timer = setTimeout(() => run(false), 150);
    });
    form.addEventListener('change', (event) => {
      if (event.target === box) return;
      resetOffset();
      run(true);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(timer);
      resetOffset();
      run(true);
    });
    // Facet, month and page links stay on this page: the form takes their
    // values and the search runs, with a history entry for the back button.
    document.addEventListener('click', (event) => {
      const a = event.target.closest && event.target.closest('a[href^="/?"]');
      if (!a || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      if (!results.contains(a) && !form.contains(a)) return;
      event.preventDefault();
      fill(new URL(a.href).searchParams);
      run(true);
    });
    window.addEventListener('popstate', () => {
      fill(new URLSearchParams(location.search));
      const params = formParams();
      if (controller) controller.abort();
      if (!(params.get('q') || '').trim()) {
        results.replaceChildren(el('p', { id: 'count', role: 'status', 'aria-live': 'polite' }));
        return;
      }
      controller = new AbortController();
      const api = new URLSearchParams(params);
      api.set('facets', 'true');
      if (!api.has('limit')) api.set('limit', PAGE);
      fetch('/api/search?' + api, { signal: controller.signal })
        .then((r) => r.json().then((json) => (r.ok ? render(json, params) : showError(json.error))))
        .catch((error) => { if (error.name !== 'AbortError') showError('The server cannot be reached.'); });
    });
  }

  // Keys: "/" to the box, arrows through the results' headlines, Esc clears.
  document.addEventListener('keydown', (event) => {
    const active = document.activeElement;
    const typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
    if (event.key === '/' && !typing && box) {
      event.preventDefault();
      box.focus();
      box.select();
      return;
    }
    if (event.key === 'Escape' && box && (active === box || !typing)) {
      box.value = '';
      resetOffset();
      run(false);
      box.focus();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...document.querySelectorAll('.hit h2 a')];
    if (!links.length) return;
    const at = links.indexOf(active);
    if (at === -1 && active !== box) return;
    event.preventDefault();
    const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
    if (next < 0) box.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });

  // New articles: a notice, whose link shows the results again.
  if (window.EventSource && notice) {
    const events = new EventSource('/api/events');
    events.addEventListener('commit', () => { notice.hidden = false; });
    const refresh = document.getElementById('refresh');
    if (refresh && box) {
      refresh.addEventListener('click', (event) => {
        if (!results.querySelector('.hits')) return;
        event.preventDefault();
        notice.hidden = true;
        run(false);
      });
    }
  }
})();
