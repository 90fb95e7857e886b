import { mount } from 'svelte';

import App from './App.svelte';
import { networkErrorText, whenReached } from './lib/api.ts';
import { i18n } from './lib/i18n.svelte.ts';
import { live } from './lib/live.svelte.ts';
import { registerServiceWorker } from './lib/push-device.ts';

// The NL Design System components this dashboard uses, one package each (the whole Utrecht library is
// 400 KB of CSS with hundreds of :has() rules, which slowed every page on a phone), then Noodbed's tokens for them (web/styles/theme.css), then the
// page layout; the theme applies under the `noodbed-theme` class on <body> (web/index.html).
import '@utrecht/alert-css/dist/index.css';
import '@utrecht/button-css/dist/index.css';
import '@utrecht/checkbox-css/dist/index.css';
import '@utrecht/custom-checkbox-css/dist/index.css';
import '@utrecht/document-css/dist/index.css';
import '@utrecht/form-field-css/dist/index.css';
import '@utrecht/form-field-description-css/dist/index.css';
import '@utrecht/form-field-error-message-css/dist/index.css';
import '@utrecht/form-fieldset-css/dist/index.css';
import '@utrecht/form-label-css/dist/index.css';
import '@utrecht/nav-bar-css/dist/index.css';
import '@utrecht/nav-list-css/dist/index.css';
import '@utrecht/paragraph-css/dist/index.css';
import '@utrecht/radio-button-css/dist/index.css';
import '@utrecht/select-css/dist/index.css';
import '@utrecht/table-css/dist/index.css';
import '@utrecht/textarea-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import '@nl-design-system-candidate/button-css/button.css';
import '@nl-design-system-candidate/heading-css/heading.css';
import '@nl-design-system-candidate/link-css/link.css';
import '@nl-design-system-candidate/paragraph-css/paragraph.css';
import '@nl-design-system-candidate/skip-link-css/skip-link.css';
import './styles/theme.css';
import './styles.css';

// A lost connection is told in the interface language.
networkErrorText(() => i18n.t('error.network'));
// Whether requests get an answer feeds the one connection state the interface shows.
whenReached((reached) => live.answered(reached));
mount(App, { target: document.getElementById('app')! });
registerServiceWorker();
