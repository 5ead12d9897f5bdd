// Copyright 2026 The sori authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The console's exhibit editor: one exhibit of the draft, every text in every
// language of the venue, its picture, sign-language video, recorded narration
// and what a visitor needs to visit it. Each control is bound to its JSON
// Pointer in the draft, so the problems sorid finds as it is typed (POST
// …/check) are shown beside the field they belong to; a text can be heard
// with the visitors' own player before it goes live; a file dropped on a
// media field is uploaded to this sori and its address filled in.

import { h, uid } from '/admin/dom.js';
import { createPlayer } from '/app/player.js';
import { RATES } from '/app/prefs.js';

const CHECK_DELAY_MS = 400;
const TEXT_FIELDS = [
  ['title', 'Title', true],
  ['description', 'Description', false],
  ['audio_description', 'Audio description', false],
  ['easy_read', 'Easy read', false],
  ['creator', 'Creator', true],
  ['period', 'Period', true],
];
const SPOKEN = ['title', 'description', 'audio_description', 'easy_read'];

function languageName(code) {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) || code;
  } catch (err) {
    return code;
  }
}

/* one language's of a catalogue text ({ko: …, en: …}): the English, else the first; null when it has none */
function oneText(text) {
  const lang = text && (text.en ? 'en' : Object.keys(text)[0]);
  return lang ? { lang, text: text[lang] } : null;
}

function pointerFor(...parts) {
  return `/${parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** Uploads @file as a medium of @venue with a progress bar; resolves with its URL. */
function uploadMedium(helpers, venue, file, progress, status) {
  const { venuePath, token } = helpers;
  return new Promise((resolve, reject) => {
    const name = file.name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+/, '') || 'upload';
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', venuePath(venue, 'media', encodeURIComponent(name)));
    xhr.setRequestHeader('Authorization', `Bearer ${token()}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    progress.hidden = false;
    progress.value = 0;
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) {
        progress.max = event.total;
        progress.value = event.loaded;
      }
    });
    xhr.addEventListener('load', () => {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (err) {
        answer = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && answer && answer.url) {
        progress.value = progress.max;
        status.textContent = `Uploaded ${file.name} (${answer.type}).`;
        resolve(answer.url);
      } else {
        status.textContent = (answer && answer.detail) || `The upload failed (HTTP ${xhr.status}).`;
        reject(new Error(status.textContent));
      }
    });
    xhr.addEventListener('error', () => {
      status.textContent = 'The upload failed: check the connection.';
      reject(new Error(status.textContent));
    });
    xhr.send(file);
  });
}

/** A URL field that takes a file dropped on it (or chosen), uploaded with a progress bar. */
function mediaField(helpers, ctx, label, input, onUrl) {
  const { field, announce } = helpers;
  const progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': `Upload of ${label}` });
  const status = h('p', { class: 'hint', role: 'status' });
  const chooser = h('input', { type: 'file', id: uid('file') });
  const zone = h('div', { class: 'dropzone' },
    field(label, input, 'Or drop a file here, or choose one below: it is uploaded to this sori and its address filled in.'),
    h('label', { for: chooser.id }, `Choose a file for ${label}`), chooser, progress, status);
  async function take(file) {
    if (!file) return;
    try {
      const url = await uploadMedium(helpers, ctx.venue, file, progress, status);
      input.value = url;
      onUrl(url);
      announce(status.textContent);
    } catch (err) {
      announce(err.message);
    }
  }
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    take(event.dataTransfer.files[0]);
  });
  chooser.addEventListener('change', () => take(chooser.files[0]));
  return zone;
}

function textSetter(obj, member, lang) {
  return (value) => {
    if (!obj[member] || typeof obj[member] !== 'object') obj[member] = {};
    if (value.trim() === '') delete obj[member][lang];
    else obj[member][lang] = value;
    if (Object.keys(obj[member]).length === 0) delete obj[member];
  };
}

/*
 * The visitors' player for @text ({text, lang}), in the markup sorid gives
 * it on an exhibit's page (sori-pages-exhibit.c), for the app's player to
 * take over: the console has no page of sorid's to take it from.
 */
function previewPlayer(text) {
  const speedId = uid('speed');
  const control = (icon, words, extra = '') => h('button', { type: 'button', class: `ctl${extra}` },
    h('span', { class: `ctl-icon ${icon}`, 'aria-hidden': 'true' }), h('span', { class: 'ctl-text' }, words));
  const element = h('div', { class: 'player' },
    h('audio', { preload: 'none' }),
    h('div', { class: 'player-buttons' }, control('back-icon', 'Back 10 seconds'), control('play-icon', 'Play', ' ctl-play'),
      control('forward-icon', 'Forward 10 seconds')),
    h('div', { class: 'player-position' }, h('input', { type: 'range', class: 'position', min: 0, max: 0, step: 1, value: 0,
      'aria-label': 'Position' }), h('p', { class: 'time', 'aria-hidden': 'true' })),
    h('div', { class: 'player-speed' }, h('label', { for: speedId }, 'Speed'),
      h('select', { id: speedId, class: 'speed' }, RATES.map((r) => h('option', { value: r }, `${r}×`)))),
    h('p', { class: 'player-status', role: 'status' }),
    h('div', { class: 'captions-box' }, h('p', { class: 'captions-label' }, 'Captions'),
      h('p', { class: 'captions', lang: text.lang })));
  return { element, transcript: h('p', { class: 'transcript', lang: text.lang }, text.text) };
}

/*
 * The editor's state: the draft @d and its exhibit @e at @index, the controls
 * bound to places in the draft, the check run a moment after each change and
 * the preview player. Its changed(), runCheck() and bind() are what every
 * group of fields below uses.
 */
function editorState(ctx, helpers, d, index, e) {
  const { saveDraft, check, problemText } = helpers;
  const self = {
    ctx, helpers, d, index, e,
    langs: d.doc.venue.languages,
    controls: new Map(), // pointer → control
    count: h('p', { class: 'problems-count', role: 'status' }),
    saved: h('p', { class: 'hint', role: 'status' }),
    timer: 0,
    preview: null,
  };

  self.changed = () => {
    saveDraft(d);
    self.saved.textContent = 'Changes kept in this draft; publish to make them live.';
    clearTimeout(self.timer);
    self.timer = setTimeout(self.runCheck, CHECK_DELAY_MS);
  };

  self.runCheck = async () => {
    let answer;
    try {
      answer = await check(d);
    } catch (err) {
      self.count.textContent = `The draft could not be checked: ${err.message}`;
      return;
    }
    self.count.textContent = problemText(answer.count);
    for (const [pointer, control] of self.controls) {
      const mine = (answer.problems || []).filter((p) => p.pointer === pointer || p.pointer.startsWith(`${pointer}/`));
      const box = control.problemBox;
      if (mine.length) {
        control.setAttribute('aria-invalid', 'true');
        box.textContent = mine.map((p) => p.reason).join(' ');
        box.hidden = false;
      } else {
        control.removeAttribute('aria-invalid');
        box.textContent = '';
        box.hidden = true;
      }
    }
  };

  /* a control bound to a place in the draft: its problems shown beside it */
  self.bind = (control, pointer, set) => {
    const box = h('p', { class: 'field-problem', id: uid('problem'), hidden: true });
    control.problemBox = box;
    control.dataset.pointer = pointer;
    const describedBy = [control.getAttribute('aria-describedby'), box.id].filter(Boolean).join(' ');
    control.setAttribute('aria-describedby', describedBy);
    control.addEventListener(control.type === 'checkbox' ? 'change' : 'input', () => {
      set(control.type === 'checkbox' ? control.checked : control.value);
      self.changed();
    });
    self.controls.set(pointer, control);
    return box;
  };

  /* where a pointer into this exhibit goes */
  self.pointer = (...parts) => pointerFor('exhibits', index, ...parts);
  return self;
}

/* "Hear it": a text of the exhibit spoken by sorid and played with the visitors' player */
function previewPanel(self) {
  const { api, venuePath } = self.helpers;
  const box = h('div', { class: 'preview', hidden: true, 'aria-labelledby': uid('h') });
  const heading = h('h2', { id: box.getAttribute('aria-labelledby') }, 'Hear it');
  const status = h('p', { role: 'status' });
  box.append(heading, status);

  async function hear(member, lang, label) {
    const value = self.e[member] && self.e[member][lang];
    box.hidden = false;
    if (!value) {
      status.textContent = `${label} has no text to hear yet.`;
      return;
    }
    status.textContent = `Preparing ${label}…`;
    if (self.preview) self.preview.destroy();
    self.preview = null;
    try {
      const links = await api('POST', venuePath(self.ctx.venue, 'speak'), { body: { text: value, lang } });
      self.preview = createPlayer({ ...previewPlayer({ text: value, lang }), audioUrl: links.audio, captionsUrl: links.captions,
        title: label });
      box.querySelectorAll('.player').forEach((n) => n.remove());
      box.append(self.preview.element);
      status.textContent = `${label}, as visitors will hear and read it.`;
      self.preview.audio.play().catch(() => {});
    } catch (err) {
      status.textContent = `It could not be spoken: ${err.message}`;
    }
  }
  return { box, hear };
}

/* the texts, a fieldset per text with a field per language, the spoken ones with a button to hear them */
function textFieldsets(self, hear) {
  const { e, langs } = self;
  return TEXT_FIELDS.map(([member, label, line]) => h('fieldset', {},
    h('legend', {}, label),
    h('div', { class: 'texts' }, langs.map((lang) => {
      const control = line
        ? h('input', { type: 'text', lang, value: (e[member] && e[member][lang]) || '' })
        : h('textarea', { lang }, (e[member] && e[member][lang]) || '');
      const id = uid('t');
      control.id = id;
      const box = self.bind(control, self.pointer(member, lang), textSetter(e, member, lang));
      const name = `${label} (${languageName(lang)})`;
      return h('div', { class: 'field' }, h('label', { for: id }, name), control, box,
        SPOKEN.includes(member)
          ? h('button', { type: 'button', onclick: () => hear(member, lang, name) }, `Hear ${name}`)
          : null);
    }))));
}

/* its number on the keypad and its gallery */
function whereFieldset(self) {
  const { e, d } = self;
  const { field } = self.helpers;
  const code = h('input', { type: 'text', inputmode: 'numeric', value: e.code || '' });
  const codeBox = self.bind(code, self.pointer('code'), (v) => { e.code = v; });
  const gallery = h('select', {}, (d.doc.galleries || []).map((g) => {
    const name = oneText(g.name);
    return h('option', { value: g.id, selected: g.id === e.gallery, lang: name && name.lang }, name ? name.text : g.id);
  }));
  const galleryBox = self.bind(gallery, self.pointer('gallery'), (v) => { e.gallery = v; });
  return h('fieldset', {}, h('legend', {}, 'Where it is'),
    field('Number on its label', code, '3 to 6 digits, typed by visitors on the keypad.'), codeBox,
    field('Gallery', gallery), galleryBox);
}

/* the first picture, its description in every language */
function pictureFieldset(self) {
  const { e, langs, ctx, helpers } = self;
  const { field } = helpers;
  if (!Array.isArray(e.images)) e.images = [];
  const image = e.images[0] || {};
  const imageUrl = h('input', { type: 'url', value: image.url || '' });
  const setImage = (key, value) => {
    if (!e.images[0]) e.images[0] = {};
    if (value === '' || value === null) delete e.images[0][key];
    else e.images[0][key] = value;
    if (Object.keys(e.images[0]).length === 0) e.images.splice(0, 1);
    if (e.images.length === 0) delete e.images;
  };
  const imageUrlBox = self.bind(imageUrl, self.pointer('images', 0, 'url'), (v) => setImage('url', v));
  const altFields = langs.map((lang) => {
    const control = h('input', { type: 'text', lang, value: (image.alt && image.alt[lang]) || '' });
    const box = self.bind(control, self.pointer('images', 0, 'alt', lang), (v) => {
      if (!e.images) e.images = [{}];
      if (!e.images[0]) e.images[0] = {};
      textSetter(e.images[0], 'alt', lang)(v);
    });
    return [field(`Picture description (${languageName(lang)})`, control), box];
  });
  return h('fieldset', {}, h('legend', {}, 'Picture'),
    mediaField(helpers, ctx, 'Picture address', imageUrl, (url) => { setImage('url', url); self.changed(); }), imageUrlBox,
    ...altFields.flat());
}

/* the sign-language video */
function signFieldset(self) {
  const { e, ctx, helpers } = self;
  const { field } = helpers;
  const sign = e.sign_language || {};
  const setSign = (key, value) => {
    if (!e.sign_language) e.sign_language = {};
    if (value === '') delete e.sign_language[key];
    else e.sign_language[key] = value;
    if (Object.keys(e.sign_language).length === 0) delete e.sign_language;
  };
  const video = h('input', { type: 'url', value: sign.video || '' });
  const videoBox = self.bind(video, self.pointer('sign_language', 'video'), (v) => setSign('video', v));
  const signCaptions = h('input', { type: 'url', value: sign.captions || '' });
  const signCaptionsBox = self.bind(signCaptions, self.pointer('sign_language', 'captions'), (v) => setSign('captions', v));
  const signLang = h('input', { type: 'text', value: sign.language || '' });
  const signLangBox = self.bind(signLang, self.pointer('sign_language', 'language'), (v) => setSign('language', v));
  return h('fieldset', {}, h('legend', {}, 'Sign-language video'),
    mediaField(helpers, ctx, 'Video address', video, (url) => { setSign('video', url); self.changed(); }), videoBox,
    field('Captions address (WebVTT)', signCaptions), signCaptionsBox,
    field('Sign language', signLang, 'A language tag: kvk for Korean Sign Language, bfi for British Sign Language.'), signLangBox);
}

/* a recorded narration, per language: played instead of synthetic speech */
function narrationFieldset(self) {
  const { e, langs, ctx, helpers } = self;
  const { field } = helpers;
  const narrationFields = langs.map((lang) => {
    const recording = (e.narration && e.narration[lang]) || {};
    const setNarration = (key) => (value) => {
      if (!e.narration) e.narration = {};
      if (!e.narration[lang]) e.narration[lang] = {};
      if (value === '') delete e.narration[lang][key];
      else e.narration[lang][key] = value;
      if (Object.keys(e.narration[lang]).length === 0) delete e.narration[lang];
      if (Object.keys(e.narration).length === 0) delete e.narration;
    };
    const audio = h('input', { type: 'url', value: recording.audio || '' });
    const audioBox = self.bind(audio, self.pointer('narration', lang, 'audio'), setNarration('audio'));
    const captions = h('input', { type: 'url', value: recording.captions || '' });
    const captionsBox = self.bind(captions, self.pointer('narration', lang, 'captions'), setNarration('captions'));
    return [mediaField(helpers, ctx, `Narration audio (${languageName(lang)})`, audio, (url) => { setNarration('audio')(url); self.changed(); }), audioBox,
      field(`Narration captions (${languageName(lang)}, WebVTT)`, captions), captionsBox];
  });
  return h('fieldset', {}, h('legend', {}, 'Recorded narration'),
    h('p', { class: 'hint' }, 'A recording of the description, with its captions, played instead of synthetic speech in its language.'),
    ...narrationFields.flat());
}

/* what a visitor needs to know to visit it */
function visitingFieldset(self) {
  const { e } = self;
  const { field } = self.helpers;
  if (!e.access) e.access = {};
  const height = h('input', { type: 'number', min: 0, max: 1000, value: e.access.display_height_cm ?? '' });
  const heightBox = self.bind(height, self.pointer('access', 'display_height_cm'), (v) => {
    if (v === '') delete e.access.display_height_cm;
    else e.access.display_height_cm = Number.isInteger(Number(v)) ? Number(v) : v;
  });
  const checkboxes = [['touchable', 'Visitors may touch it'], ['seating_nearby', 'There is a seat nearby']].map(([key, label]) => {
    const control = h('input', { type: 'checkbox', id: uid('c'), checked: Boolean(e.access[key]) });
    const box = self.bind(control, self.pointer('access', key), (v) => { e.access[key] = v; });
    return h('div', { class: 'field' }, control, ' ', h('label', { for: control.id }, label), box);
  });
  return h('fieldset', {}, h('legend', {}, 'Visiting it'),
    field('Displayed at (cm from the floor)', height), heightBox, ...checkboxes);
}

/**
 * The exhibit editor page.
 * @param ctx the route: {venue, arg} (arg: the exhibit's index in the draft)
 * @param helpers the console's {api, venuePath, token, draft, saveDraft, check,
 *   field, problemText, announce, ApiError}
 */
export async function exhibitEditorPage(ctx, helpers) {
  const d = await helpers.draft(ctx.venue);
  const index = Number(ctx.arg);
  const e = (d.doc.exhibits || [])[index];
  if (!e) throw new helpers.ApiError(404, { detail: 'There is no such exhibit in the draft.' });
  const self = editorState(ctx, helpers, d, index, e);
  const preview = previewPanel(self);
  // the fields in the order the page shows them
  const where = whereFieldset(self);
  const texts = textFieldsets(self, preview.hear);
  const picture = pictureFieldset(self);
  const sign = signFieldset(self);
  const narration = narrationFieldset(self);
  const visiting = visitingFieldset(self);

  self.runCheck();
  const venueHref = `#/v/${encodeURIComponent(ctx.venue)}`;
  const shown = oneText(e.title);
  const title = `Edit ${shown ? shown.text : e.id}`;
  return {
    title,
    nav: 'exhibits',
    nodes: [
      h('p', {}, h('a', { href: venueHref }, 'All exhibits')),
      h('h1', {}, 'Edit ', shown ? h('span', { lang: shown.lang }, shown.text) : e.id),
      self.count,
      self.saved,
      h('p', { class: 'actions' }, h('a', { class: 'button primary', href: `${venueHref}/publish` }, 'Review and publish')),
      where,
      ...texts,
      preview.box,
      picture,
      sign,
      narration,
      visiting,
    ],
    destroy() {
      clearTimeout(self.timer);
      if (self.preview) self.preview.destroy();
    },
  };
}
