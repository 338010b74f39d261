/* thai-extract review page. A classic script (module scripts and fetch() are blocked on file://):
   data arrives through <script src="data/….js"> files that call TE_REVIEW.index/doc/persons. */
(function () {
  'use strict';
  var TE = (window.TE_REVIEW = window.TE_REVIEW || {});
  var TYPES = ['PERSON', 'POSITION', 'ORG', 'LOCATION', 'EVENT', 'PROJECT', 'DATE', 'TIME', 'NUMBER', 'MONEY', 'PERCENT', 'URL'];
  var PAGE = 100;
  var PERSON_PAGE = 50;
  var COLUMNS = [
    { key: 'id', label: 'Id', col: 0 },
    { key: 'title', label: 'Title', col: 1 },
    { key: 'published', label: 'Published', col: 2 },
    { key: 'persons', label: 'Persons', col: 3, num: true },
    { key: 'events', label: 'Events', col: 4, num: true },
    { key: 'facts', label: 'Facts', col: 5, num: true },
    { key: 'problems', label: 'Errors and warnings', col: 6 },
  ];
  var C = { id: 0, title: 1, published: 2, persons: 3, events: 4, facts: 5, problems: 6, file: 7, sha256: 8, entities: 9, source: 10 };

  var S = {
    index: null, // the index data
    view: [], // row numbers of index.docs matching the search, in the current order
    sort: { col: C.source, dir: 1 },
    q: '', onlyProblems: false, page: 0,
    docs: {}, // loaded documents by file number
    waiting: {}, // callbacks waiting for a document file
    persons: null, personsWaiting: false, pq: '', ppage: 0, pview: [],
    current: null, // the open document
    marks: [], // the evidence shown
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    }
    if (children) for (var i = 0; i < children.length; i++) {
      var c = children[i];
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }
  function fmt(n) { return Number(n).toLocaleString('en-US'); }
  function announce(msg) { $('announce').textContent = msg; }
  function docHash(id) { return '#doc=' + encodeURIComponent(id); }

  // ---- data files -------------------------------------------------------------------------
  function loadScript(src, onError) {
    var s = document.createElement('script');
    s.src = src;
    s.onerror = function () { onError(src); };
    document.body.appendChild(s);
  }
  TE.index = function (data) { S.index = data; };
  TE.doc = function (data) {
    S.docs[data.n] = data;
    var w = S.waiting[data.n];
    delete S.waiting[data.n];
    if (w) w(data);
  };
  TE.persons = function (list) {
    S.persons = list;
    if (location.hash === '#persons' || location.hash.indexOf('#persons') === 0) route();
  };
  function withDoc(n, cb) {
    if (S.docs[n]) return cb(S.docs[n]);
    S.waiting[n] = cb;
    loadScript('data/docs/' + n + '.js', function (src) { showProblem(src + ' could not be loaded: rebuild the page with thai-extract review OUT_DIR'); });
  }

  // ---- routing ----------------------------------------------------------------------------
  function parseHash() {
    var h = location.hash.replace(/^#/, '');
    var out = {};
    h.split('&').forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf('=');
      out[decodeURIComponent(i < 0 ? kv : kv.slice(0, i))] = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1));
    });
    return out;
  }
  function show(view) {
    ['index', 'doc', 'persons'].forEach(function (v) { $('view-' + v).hidden = v !== view; });
    ['index', 'persons'].forEach(function (v) {
      if (v === view) $('nav-' + v).setAttribute('aria-current', 'page');
      else $('nav-' + v).removeAttribute('aria-current');
    });
  }
  function route() {
    if (!S.index) return;
    var h = parseHash();
    hideTip();
    if (h.doc !== undefined) return openDoc(h.doc);
    if ('persons' in h) return openPersons();
    show('index');
    document.title = 'Documents — thai-extract review';
    renderIndex();
  }

  // ---- index ------------------------------------------------------------------------------
  function rowMatches(r, q) {
    if (S.onlyProblems && !r[C.problems].length) return false;
    if (!q) return true;
    return (r[C.id] + '\n' + (r[C.title] || '') + '\n' + r[C.source] + '\n' + r[C.problems].join('\n')).toLowerCase().indexOf(q) >= 0;
  }
  function compare(a, b) {
    var col = S.sort.col;
    var x = a[col], y = b[col];
    if (col === C.problems) { x = x.length; y = y.length; }
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1; // empty cells last
    if (y === null || y === undefined) return -1;
    var c = typeof x === 'number' ? x - y : x < y ? -1 : x > y ? 1 : 0;
    return c * S.sort.dir;
  }
  function computeView() {
    var docs = S.index.docs, q = S.q.trim().toLowerCase();
    var view = [];
    for (var i = 0; i < docs.length; i++) if (rowMatches(docs[i], q)) view.push(i);
    view.sort(function (i, j) { return compare(docs[i], docs[j]) || docs[i][C.source].localeCompare(docs[j][C.source]); });
    S.view = view;
  }
  function renderHead() {
    var tr = $('doc-table').tHead.rows[0];
    tr.textContent = '';
    tr.appendChild(el('th', { scope: 'col', class: 'num', text: '#' }));
    COLUMNS.forEach(function (c) {
      var sorted = S.sort.col === c.col;
      var b = el('button', { type: 'button', text: c.label, 'data-sort': c.key });
      b.addEventListener('click', function () {
        S.sort = { col: c.col, dir: sorted ? -S.sort.dir : c.num ? -1 : 1 };
        S.page = 0;
        renderIndex();
        var again = $('doc-table').querySelector('th button[data-sort="' + c.key + '"]');
        if (again) again.focus();
      });
      tr.appendChild(el('th', { scope: 'col', class: c.num ? 'num' : null, 'aria-sort': sorted ? (S.sort.dir > 0 ? 'ascending' : 'descending') : null }, [b]));
    });
  }
  function renderIndex() {
    computeView();
    renderHead();
    var docs = S.index.docs, s = S.index.summary;
    var pages = Math.max(1, Math.ceil(S.view.length / PAGE));
    if (S.page >= pages) S.page = pages - 1;
    var from = S.page * PAGE, to = Math.min(S.view.length, from + PAGE);
    var tbody = $('doc-table').tBodies[0];
    tbody.textContent = '';
    var frag = document.createDocumentFragment();
    for (var k = from; k < to; k++) {
      var r = docs[S.view[k]];
      var failed = r[C.file] === null;
      var probs = r[C.problems];
      var tr = el('tr', { class: failed ? 'failed' : null, 'data-doc': r[C.id] }, [
        el('td', { class: 'num', text: String(k + 1) }),
        el('td', null, [el('a', { href: docHash(r[C.id]), text: r[C.id] })]),
        el('td', { lang: 'th', text: r[C.title] || (failed ? '(failed)' : '(no title)') }),
        el('td', { class: 'nowrap', text: r[C.published] || '' }),
        el('td', { class: 'num', text: failed ? '' : String(r[C.persons]) }),
        el('td', { class: 'num', text: failed ? '' : String(r[C.events]) }),
        el('td', { class: 'num', text: failed ? '' : String(r[C.facts]) }),
        el('td', { class: 'problems' + (failed ? '' : ' warn') }, probs.length ? [probs.join('; ')] : null),
      ]);
      frag.appendChild(tr);
    }
    tbody.appendChild(frag);
    var total = s.documents;
    $('total').setAttribute('data-total', String(total));
    $('total').textContent = fmt(total) + ' documents in this run (' + fmt(total - s.failed) + ' processed, ' + fmt(s.failed) + ' failed)' +
      (S.view.length !== total ? '; ' + fmt(S.view.length) + ' match' : '') +
      (S.view.length ? '; showing ' + fmt(from + 1) + '–' + fmt(to) : '');
    $('page-info').textContent = 'Page ' + (S.page + 1) + ' of ' + pages;
    $('prev-page').disabled = S.page === 0;
    $('next-page').disabled = S.page >= pages - 1;
  }

  // ---- one document -----------------------------------------------------------------------
  function showProblem(msg) {
    var p = $('doc-problem');
    p.hidden = !msg;
    p.textContent = msg || '';
  }
  function findRow(id) {
    var docs = S.index.docs;
    for (var i = 0; i < docs.length; i++) if (docs[i][C.id] === id) return i;
    return -1;
  }
  function openDoc(id) {
    show('doc');
    var i = findRow(id);
    $('doc-body').textContent = '';
    $('doc-meta').textContent = '';
    showProblem('');
    S.current = null;
    if (i < 0) {
      $('doc-heading').textContent = id;
      showProblem('No document with id "' + id + '" in this run.');
      return;
    }
    var row = S.index.docs[i];
    // previous / next within the list as searched and sorted
    if (!S.view.length) computeView();
    var at = S.view.indexOf(i);
    setNav('prev-doc', at > 0 ? S.index.docs[S.view[at - 1]][C.id] : null);
    setNav('next-doc', at >= 0 && at < S.view.length - 1 ? S.index.docs[S.view[at + 1]][C.id] : null);
    $('doc-heading').textContent = row[C.title] || row[C.id];
    document.title = (row[C.title] || row[C.id]) + ' — thai-extract review';
    if (row[C.file] === null) {
      metaList([['id', row[C.id]], ['source', row[C.source]]]);
      showProblem('This document failed: ' + row[C.problems].join('; '));
      return;
    }
    $('doc-body').appendChild(el('p', { class: 'muted', text: 'Loading…' }));
    withDoc(row[C.file], function (d) {
      if (parseHash().doc !== id) return; // another document was opened meanwhile
      renderDoc(d);
    });
  }
  function setNav(id, target) {
    var a = $(id);
    a.hidden = target === null;
    if (target !== null) a.href = docHash(target);
  }
  function metaList(pairs) {
    var dl = $('doc-meta');
    dl.textContent = '';
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') return;
      dl.appendChild(el('dt', { text: p[0] }));
      dl.appendChild(el('dd', null, [p[1]]));
    });
  }

  function entityNote(e, ents) {
    var v = e.value || {};
    if (e.type === 'DATE') return v.iso ? v.iso + (v.end ? '–' + v.end : '') : 'no date';
    if (e.type === 'TIME') return v.iso ? v.iso + (v.end ? '–' + v.end : '') : null;
    if (e.type === 'POSITION') {
      var p = v.person && ents[v.person];
      return p ? p.canonical || p.text : v.personCanonical || null;
    }
    return null;
  }
  function entityTip(e, ents) {
    var lines = [['type', e.type], ['canonical', e.canonical || e.text], ['rule', e.rule]];
    var v = e.value || {};
    if (e.type === 'DATE') lines.push(['ISO', entityNote(e, ents)]);
    if (e.type === 'TIME' && v.iso) lines.push(['time', entityNote(e, ents)]);
    if (e.type === 'POSITION') lines.push(['person', entityNote(e, ents) || '(not known)']);
    if ((e.type === 'MONEY' || e.type === 'NUMBER' || e.type === 'PERCENT') && v.value !== undefined) lines.push(['value', String(v.value) + (v.unit ? ' ' + v.unit : '')]);
    lines.push(['id', e.id + ' [' + e.start + ', ' + e.end + ')']);
    return lines;
  }

  /** the text with its entities (and the marked evidence) as nested elements; a range that
      crosses an enclosing one goes on in a second element after it (data-entity-part) */
  function renderText(text, entities, marks, ents) {
    var ranges = [];
    for (var i = 0; i < entities.length; i++) ranges.push({ s: entities[i].start, e: entities[i].end, ent: entities[i], pri: 1 });
    for (var j = 0; j < marks.length; j++) ranges.push({ s: marks[j].start, e: marks[j].end, mark: marks[j], pri: 0 });
    var order = function (a, b) { return a.s - b.s || b.e - a.e || a.pri - b.pri; };
    ranges.sort(order);
    var root = el('div', { class: 'text values', id: 'doc-text', lang: 'th' });
    var stack = [{ end: Infinity, node: root }];
    var pos = 0;
    function put(node, upto) { if (upto > pos) { node.appendChild(document.createTextNode(text.slice(pos, upto))); pos = upto; } }
    for (var k = 0; k < ranges.length; k++) {
      var r = ranges[k];
      if (r.e <= r.s || r.s < pos && r.e <= pos) continue;
      if (r.s < pos) r = { s: pos, e: r.e, ent: r.ent, mark: r.mark, pri: r.pri, part: true };
      while (stack.length > 1 && stack[stack.length - 1].end <= r.s) { var top0 = stack.pop(); put(top0.node, top0.end); }
      var top = stack[stack.length - 1];
      put(top.node, r.s);
      var end = r.e;
      if (end > top.end) {
        var rest = { s: top.end, e: r.e, ent: r.ent, mark: r.mark, pri: r.pri, part: true };
        var at = k + 1;
        while (at < ranges.length && order(ranges[at], rest) <= 0) at++;
        ranges.splice(at, 0, rest);
        end = top.end;
      }
      var node;
      if (r.ent) {
        var e = r.ent, note = entityNote(e, ents);
        node = el('span', { class: 'ent t-' + e.type, 'data-type': e.type, 'data-note': note });
        node.setAttribute(r.part ? 'data-entity-part' : 'data-entity', e.id);
      } else {
        node = el('mark', { class: 'evidence', 'aria-current': 'true', 'data-evidence': r.mark.owner });
      }
      top.node.appendChild(node);
      stack.push({ end: end, node: node });
    }
    while (stack.length > 1) { var t = stack.pop(); put(t.node, t.end); }
    put(root, text.length);
    return root;
  }

  function cellText(main, sub) {
    return el('td', null, [main === null || main === undefined || main === '' ? '—' : String(main), sub ? el('span', { class: 'sub', text: sub }) : null]);
  }
  function refText(ref, ents) {
    if (!ref) return null;
    var e = ents[ref.entity];
    return { text: ref.text, canonical: e && e.canonical && e.canonical !== ref.text ? e.canonical : null };
  }
  function table(caption, head, rows) {
    var t = el('table', { class: 'rows' }, [
      el('caption', { class: 'sr-only', text: caption }),
      el('thead', null, [el('tr', null, head.map(function (h) { return el('th', { scope: 'col', text: h }); }))]),
    ]);
    var tb = el('tbody');
    rows.forEach(function (r) { tb.appendChild(r); });
    t.appendChild(tb);
    return el('div', { class: 'scroll' }, [t]);
  }
  function range(a, b) { return a ? (b && b !== a ? a + ' – ' + b : a) : null; }

  function renderDoc(d) {
    var rec = d.record, doc = rec.document;
    S.current = d;
    S.marks = [];
    var ents = {};
    rec.entities.forEach(function (e) { ents[e.id] = e; });
    metaList([
      ['id', doc.id], ['source', doc.source], ['published', doc.published ? doc.published + (doc.publishedRaw ? ' (' + doc.publishedRaw + ')' : '') : '(not found)'],
      ['source URL', doc.sourceUrl], ['encoding', doc.encoding], ['pipeline', doc.pipeline], ['sha256', doc.sha256],
    ]);
    showProblem(d.textProblem || '');
    var body = $('doc-body');
    body.textContent = '';

    // legend with a count per type; unticking a type takes its colour away
    var counts = {};
    rec.entities.forEach(function (e) { counts[e.type] = (counts[e.type] || 0) + 1; });
    var legend = el('ul', { class: 'legend', 'aria-label': 'Entity types (untick to hide a colour)' });
    TYPES.forEach(function (t) {
      if (!counts[t]) return;
      var box = el('input', { type: 'checkbox', checked: true, 'data-type': t });
      box.addEventListener('change', function () { var tx = $('doc-text'); if (tx) tx.classList.toggle('hide-' + t, !box.checked); });
      legend.appendChild(el('li', null, [el('label', { class: 't-' + t }, [box, t + ' ' + counts[t]])]));
    });
    var values = el('input', { type: 'checkbox', checked: true, id: 'show-values' });
    values.addEventListener('change', function () { var tx = $('doc-text'); if (tx) tx.classList.toggle('values', values.checked); });
    legend.appendChild(el('li', { class: 'no-print' }, [el('label', null, [values, 'ISO dates and position holders in the text'])]));

    var textCol = el('section', { class: 'text-col', 'aria-labelledby': 'h-text' }, [
      el('h3', { id: 'h-text', text: 'Text (' + fmt(rec.entities.length) + ' entities)' }), legend,
    ]);
    if (d.text !== null) textCol.appendChild(renderText(d.text, rec.entities, [], ents));
    else textCol.appendChild(el('p', { class: 'muted', text: 'The text is not available (see above); the tables below are complete.' }));
    var side = el('div', { class: 'side-col' });

    // events (records of runs with the events stage)
    var events = Array.isArray(rec.events) ? rec.events : null;
    if (events) {
      side.appendChild(el('h3', { id: 'h-events', text: 'Events (' + events.length + ')' }));
      side.appendChild(table('Events: select one to mark its evidence in the text',
        ['id', 'type', 'name', 'date, where', 'participants', 'organisations', 'rule'],
        events.map(function (ev) {
          var tr = el('tr', { 'data-event': ev.id }, [
            el('td', null, [el('button', { type: 'button', 'aria-label': 'Event ' + ev.id + ': mark its evidence', text: ev.id })]),
            cellText(ev.type, ev.status),
            cellText(ev.name, ev.canonical && ev.canonical !== ev.name ? ev.canonical : null),
            cellText(range(ev.date, ev.endDate), [ev.location, ev.mode].filter(Boolean).join(' · ')),
            el('td', null, (ev.participants || []).map(function (p) {
              return el('span', { class: 'sub', lang: 'th', text: (p.canonical || p.text) + ' — ' + p.role + (p.position ? ', ' + p.position : '') });
            })),
            el('td', null, (ev.organisations || []).map(function (o) { return el('span', { class: 'sub', lang: 'th', text: o.canonical || o.text }); })),
            cellText(ev.rule),
          ]);
          activate(tr, ev.evidence || [], 'event ' + ev.id, ev.id);
          return tr;
        })));
    }

    side.appendChild(el('h3', { id: 'h-facts', text: 'Facts (' + rec.facts.length + ')' }));
    if (rec.facts.length) {
      side.appendChild(table('Facts: select one to mark its evidence in the text',
        ['id', 'type', 'actor, position', 'role', 'event', 'date, where', 'rule'],
        rec.facts.map(function (f) {
          var a = refText(f.actor, ents), v = refText(f.event, ents);
          var tr = el('tr', { 'data-fact': f.id }, [
            el('td', null, [el('button', { type: 'button', 'aria-label': 'Fact ' + f.id + ': mark its evidence', text: f.id })]),
            cellText(f.type, f.eventId ? 'event ' + f.eventId : null),
            cellText(a && a.text, [a && a.canonical, f.position].filter(Boolean).join(' · ')),
            cellText(f.role),
            cellText(v && v.text, v && v.canonical),
            cellText(f.date, [f.location, f.mode].filter(Boolean).join(' · ')),
            cellText(f.rule),
          ]);
          activate(tr, f.evidence ? [f.evidence] : [], 'fact ' + f.id, f.id);
          return tr;
        })));
    } else side.appendChild(el('p', { class: 'muted', text: 'No facts.' }));

    // every entity, for keyboard and screen-reader users (the marks in the text are not focusable)
    var entRows = rec.entities.map(function (e) {
      var tr = el('tr', { 'data-entity-row': e.id }, [
        el('td', null, [el('button', { type: 'button', 'aria-label': 'Entity ' + e.id + ': show it in the text', text: e.id })]),
        cellText(e.type), el('td', { lang: 'th', text: e.text }), el('td', { lang: 'th', text: e.canonical || '' }),
        cellText(entityNote(e, ents)), cellText(e.rule),
      ]);
      tr.addEventListener('click', function () { markEntity(e.id); });
      return tr;
    });
    side.appendChild(el('details', null, [el('summary', { text: 'Entities (' + rec.entities.length + ')' }),
      table('Entities', ['id', 'type', 'text', 'canonical', 'ISO date / person', 'rule'], entRows)]));
    if (rec.diagnostics && rec.diagnostics.length) {
      side.appendChild(el('details', null, [el('summary', { text: 'Diagnostics (' + rec.diagnostics.length + ')' }),
        table('Diagnostics', ['level', 'code', 'message', 'at'], rec.diagnostics.map(function (g) {
          return el('tr', null, [cellText(g.level), cellText(g.code), el('td', { lang: 'th', text: g.message }), cellText(g.start !== undefined ? '[' + g.start + ', ' + g.end + ')' : null)]);
        }))]));
    }
    body.appendChild(el('div', { class: 'doc-grid' }, [textCol, side]));
  }

  /** a fact or event row: click (or its button) marks its evidence in the text */
  function activate(tr, evidence, label, owner) {
    tr.addEventListener('click', function () {
      var prev = document.querySelectorAll('tr.selected');
      for (var i = 0; i < prev.length; i++) prev[i].classList.remove('selected');
      tr.classList.add('selected');
      markEvidence(evidence.map(function (s) { return { start: s.start, end: s.end, owner: owner }; }), label);
    });
  }
  function redrawText(marks) {
    var d = S.current, old = $('doc-text');
    if (!d || d.text === null || !old) return null;
    var ents = {};
    d.record.entities.forEach(function (e) { ents[e.id] = e; });
    var fresh = renderText(d.text, d.record.entities, marks, ents);
    fresh.className = old.className;
    old.parentNode.replaceChild(fresh, old);
    return fresh;
  }
  function markEvidence(marks, label) {
    var t = redrawText(marks);
    if (!t) return announce('The text is not available to mark the evidence of ' + label + '.');
    var first = t.querySelector('mark.evidence');
    if (first) first.scrollIntoView({ block: 'center' });
    var spans = marks.map(function (m) { return '[' + m.start + ', ' + m.end + ')'; }).join(', ');
    announce(marks.length ? 'Evidence of ' + label + ' marked in the text: characters ' + spans : label + ' has no evidence span.');
  }
  function markEntity(id) {
    var t = redrawText([]);
    if (!t) return;
    var e = t.querySelector('[data-entity="' + id + '"]');
    if (!e) return;
    e.setAttribute('aria-current', 'true');
    e.scrollIntoView({ block: 'center' });
    announce('Entity ' + id + ' marked in the text: ' + e.textContent);
  }

  // ---- tooltip ----------------------------------------------------------------------------
  function hideTip() { $('tip').hidden = true; }
  function onOver(ev) {
    var t = ev.target.closest && ev.target.closest('[data-entity],[data-entity-part]');
    if (!t || !S.current) return hideTip();
    var id = t.getAttribute('data-entity') || t.getAttribute('data-entity-part');
    var ents = {};
    S.current.record.entities.forEach(function (e) { ents[e.id] = e; });
    var e = ents[id];
    if (!e) return hideTip();
    var tip = $('tip');
    tip.textContent = '';
    entityTip(e, ents).forEach(function (l, i) {
      if (i) tip.appendChild(el('br'));
      tip.appendChild(el('b', { text: l[0] + ': ' }));
      tip.appendChild(document.createTextNode(l[1]));
    });
    tip.hidden = false;
    var r = t.getBoundingClientRect();
    var top = r.bottom + 6, left = Math.min(r.left, window.innerWidth - 360);
    if (top + tip.offsetHeight > window.innerHeight) top = r.top - tip.offsetHeight - 6;
    tip.style.top = Math.max(0, top) + 'px';
    tip.style.left = Math.max(0, left) + 'px';
  }

  // ---- persons ----------------------------------------------------------------------------
  function openPersons() {
    show('persons');
    document.title = 'Persons — thai-extract review';
    if (!S.persons) {
      $('persons-total').textContent = 'Loading…';
      if (!S.personsWaiting) {
        S.personsWaiting = true;
        loadScript('data/persons.js', function (src) { $('persons-total').textContent = src + ' could not be loaded: rebuild the page with thai-extract review OUT_DIR'; });
      }
      return;
    }
    renderPersons();
  }
  function renderPersons() {
    var q = S.pq.trim().toLowerCase(), list = S.persons;
    var view = [];
    for (var i = 0; i < list.length; i++) {
      var p = list[i];
      if (!q || (p.name + '\n' + p.positions.map(function (x) { return x[0]; }).join('\n') + '\n' + p.events.map(function (x) { return x[0]; }).join('\n')).toLowerCase().indexOf(q) >= 0) view.push(i);
    }
    var pages = Math.max(1, Math.ceil(view.length / PERSON_PAGE));
    if (S.ppage >= pages) S.ppage = pages - 1;
    var from = S.ppage * PERSON_PAGE, to = Math.min(view.length, from + PERSON_PAGE);
    if (!S.byFile) {
      S.byFile = {};
      S.index.docs.forEach(function (r) { if (r[C.file] !== null) S.byFile[r[C.file]] = r; });
    }
    var docLink = function (n) {
      var row = S.byFile[n];
      return row ? el('a', { href: docHash(row[C.id]), text: row[C.id] }) : el('span', { text: String(n) });
    };
    var box = $('persons-list');
    box.textContent = '';
    for (var k = from; k < to; k++) {
      var p = list[view[k]];
      var sec = el('section', { class: 'person', 'aria-label': p.name }, [
        el('h3', { lang: 'th', text: p.name }),
        el('p', { class: 'muted', text: p.docs.length + (p.docs.length === 1 ? ' document' : ' documents') }),
      ]);
      if (p.positions.length) {
        sec.appendChild(el('ul', { 'aria-label': 'Positions held' }, p.positions.map(function (x) {
          return el('li', { lang: 'th' }, [x[0] + ' ', el('span', { class: 'muted', text: '(' + x[1].length + (x[1].length === 1 ? ' document)' : ' documents)') })]);
        })));
      }
      if (p.events.length) {
        sec.appendChild(el('details', { open: p.events.length <= 10 }, [
          el('summary', { text: p.events.length + (p.events.length === 1 ? ' event' : ' events') }),
          table('Events of ' + p.name, ['date', 'event', 'role', 'document'], p.events.map(function (x) {
            return el('tr', null, [cellText(x[1]), el('td', { lang: 'th', text: x[0] }), cellText(x[2]), el('td', null, [docLink(x[3])])]);
          }))]));
      }
      box.appendChild(sec);
    }
    $('persons-total').textContent = fmt(list.length) + ' persons' + (view.length !== list.length ? '; ' + fmt(view.length) + ' match' : '') +
      (view.length ? '; showing ' + fmt(from + 1) + '–' + fmt(to) : '');
    $('ppage-info').textContent = 'Page ' + (S.ppage + 1) + ' of ' + pages;
    $('prev-ppage').disabled = S.ppage === 0;
    $('next-ppage').disabled = S.ppage >= pages - 1;
  }

  // ---- start ------------------------------------------------------------------------------
  function start() {
    $('loading').hidden = true;
    if (!S.index) {
      $('loading').hidden = false;
      $('loading').textContent = 'data/index.js could not be loaded: rebuild the page with thai-extract review OUT_DIR.';
      return;
    }
    var s = S.index.summary;
    $('run-info').textContent = (s.pipeline ? s.pipeline + ' · ' : '') + fmt(s.documents) + ' documents · from ' + s.records +
      (S.index.eventsArray ? '' : ' (no events array: the events column counts distinct EVENT entities)');
    var timer = null;
    $('search').addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { S.q = $('search').value; S.page = 0; renderIndex(); }, 120);
    });
    $('only-problems').addEventListener('change', function () { S.onlyProblems = this.checked; S.page = 0; renderIndex(); });
    $('prev-page').addEventListener('click', function () { S.page--; renderIndex(); });
    $('next-page').addEventListener('click', function () { S.page++; renderIndex(); });
    $('doc-table').tBodies[0].addEventListener('click', function (ev) {
      if (ev.target.closest('a')) return;
      var tr = ev.target.closest('tr[data-doc]');
      if (tr) location.hash = docHash(tr.getAttribute('data-doc'));
    });
    var ptimer = null;
    $('person-search').addEventListener('input', function () {
      clearTimeout(ptimer);
      ptimer = setTimeout(function () { S.pq = $('person-search').value; S.ppage = 0; renderPersons(); }, 150);
    });
    $('prev-ppage').addEventListener('click', function () { S.ppage--; renderPersons(); window.scrollTo(0, 0); });
    $('next-ppage').addEventListener('click', function () { S.ppage++; renderPersons(); window.scrollTo(0, 0); });
    document.addEventListener('mouseover', onOver);
    document.addEventListener('scroll', hideTip, true);
    document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') hideTip(); });
    window.addEventListener('hashchange', route);
    route();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
