import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The NL Design System (issue 18): the dashboard's buttons, form fields, alerts, tables, navigation and
// headings come from the NLDS CSS components under Noodbed's own tokens (web/styles/theme.css). This
// reads the source, so a hand-written replacement is caught before it reaches a browser.

const web = (path: string) => readFileSync(join('web', path), 'utf8');

/** The parts built on the design system (others follow as their owners move them over). */
const FILES = [
  'App.svelte',
  ...readdirSync('web/components')
    .filter((f) => f.endsWith('.svelte'))
    .map((f) => `components/${f}`),
  ...['crisis', 'alerts', 'account', 'admin', 'reports', 'stays', 'statistics/stays'].flatMap((dir) =>
    readdirSync(`web/components/${dir}`)
      .filter((f) => f.endsWith('.svelte'))
      .map((f) => `components/${dir}/${f}`),
  ),
  ...['Shelter', 'Crisis', 'Overview', 'Account', 'SetPassword', 'Admin', 'Login', 'Region', 'Quality', 'OpenData'].map((page) => `pages/${page}.svelte`),
];

/** An element's opening tag; attributes may hold `{() => …}`, whose `>` does not end the tag. */
function openingTags(source: string, element: string): string[] {
  const tags: string[] = [];
  const start = new RegExp(`<${element}[\\s>]`, 'g');
  for (let match = start.exec(source); match; match = start.exec(source)) {
    let depth = 0;
    let end = match.index + 1;
    for (; end < source.length; end++) {
      const c = source[end];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '>' && depth === 0) break;
    }
    tags.push(source.slice(match.index, end + 1));
  }
  return tags;
}

const classOf = (tag: string) => /\sclass="([^"]*)"/.exec(tag)?.[1] ?? '';

/** Which component class each element needs. */
const COMPONENT: Record<string, RegExp> = {
  button: /\b(utrecht-button|nl-button)\b/,
  select: /\butrecht-select\b/,
  textarea: /\butrecht-textarea\b/,
  table: /\butrecht-table\b/,
  h1: /\b(nl-heading--level-1|utrecht-heading-1)\b/,
  h2: /\b(nl-heading--level-2|utrecht-heading-2)\b/,
  h3: /\b(nl-heading--level-3|utrecht-heading-3)\b/,
};

describe('the design system in the markup', () => {
  it.each(FILES)('%s builds its controls, tables and headings from NLDS components', (file) => {
    const source = web(file);
    const missing: string[] = [];
    for (const [element, component] of Object.entries(COMPONENT)) {
      for (const tag of openingTags(source, element)) if (!component.test(classOf(tag))) missing.push(tag.replace(/\s+/g, ' '));
    }
    for (const tag of openingTags(source, 'input')) {
      const type = /\stype="([^"]*)"/.exec(tag)?.[1] ?? 'text';
      const component = type === 'checkbox' ? /\butrecht-checkbox\b/ : type === 'radio' ? /\butrecht-radio-button\b/ : /\butrecht-textbox\b/;
      if (!component.test(classOf(tag))) missing.push(tag.replace(/\s+/g, ' '));
    }
    // A visually hidden legend has no look to give; every other one is the fieldset component's.
    for (const tag of openingTags(source, 'legend')) if (!/\b(utrecht-form-fieldset__legend|visually-hidden)\b/.test(classOf(tag))) missing.push(tag);
    expect(missing).toEqual([]);
  });

  it('the openingTags scanner sees through arrow functions in attributes', () => {
    const tags = openingTags('<button type="button" onclick={() => go(a > b)}>Go</button><button class="x">', 'button');
    expect(tags).toEqual(['<button type="button" onclick={() => go(a > b)}>', '<button class="x">']);
    expect(tags.map(classOf)).toEqual(['', 'x']);
  });
});

describe('the stylesheets', () => {
  /** Every selector of a stylesheet (comments dropped, at-rules' blocks opened). */
  function selectors(css: string): string[] {
    const plain = css.replace(/\/\*[\s\S]*?\*\//g, '');
    return [...plain.matchAll(/([^{};]+)\{/g)]
      .flatMap((m) => m[1]!.split(','))
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('@'));
  }

  it('web/styles.css styles no button, form field, alert, table or heading by hand', () => {
    const handWritten = selectors(web('styles.css')).filter(
      (s) =>
        /(^|[\s>+~])(button|input|select|textarea|table|caption|th|td|thead|h[1-6]|legend|label|fieldset)\b(?![-\w])/.test(s) ||
        /\.(alert|primary|link|danger|skip-link)\b(?!-)/.test(s),
    );
    // Layout only: the login form's column (until the login page's owner moves it) and a printed
    // report's tables kept whole on a page.
    expect(handWritten.filter((s) => !s.startsWith('form.login') && s !== '.report table')).toEqual([]);
  });

  it('the theme is Noodbed’s own: tokens under .noodbed-theme, none of Utrecht’s own theme', () => {
    const theme = web('styles/theme.css');
    expect(selectors(theme)[0]).toBe('.noodbed-theme');
    expect(theme).not.toMatch(/utrecht-theme|@utrecht\/design-tokens/);
    expect(web('index.html')).toMatch(/<body class="[^"]*\bnoodbed-theme\b/);
    const main = web('main.ts');
    for (const css of [
      '@utrecht/button-css/dist/index.css',
      '@utrecht/textbox-css/dist/index.css',
      '@utrecht/table-css/dist/index.css',
      '@nl-design-system-candidate/button-css/button.css',
      '@nl-design-system-candidate/heading-css/heading.css',
      './styles/theme.css',
    ]) {
      expect(main).toContain(`import '${css}';`);
    }
    // The theme comes after the components, and the page's layout after the theme.
    expect(main.indexOf('./styles/theme.css')).toBeGreaterThan(main.lastIndexOf("import '@utrecht/"));
    // One package per component: the whole library is 400 KB of CSS that slowed every page.
    expect(main).not.toContain('component-library-css');
    expect(main.indexOf("'./styles.css'")).toBeGreaterThan(main.indexOf('./styles/theme.css'));
  });
});
