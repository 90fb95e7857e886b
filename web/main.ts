import { mount } from 'svelte';

import App from './App.svelte';
import { registerServiceWorker } from './lib/push-device.ts';

// The NL Design System components, then Noodbed's tokens for them (web/styles/theme.css), then the
// page layout; the theme applies under the `noodbed-theme` class on <body> (web/index.html).
import '@utrecht/component-library-css/dist/index.css';
import '@nl-design-system-candidate/button-css/button.css';
import '@nl-design-system-candidate/heading-css/heading.css';
import '@nl-design-system-candidate/link-css/link.css';
import '@nl-design-system-candidate/paragraph-css/paragraph.css';
import '@nl-design-system-candidate/skip-link-css/skip-link.css';
import './styles/theme.css';
import './styles.css';

mount(App, { target: document.getElementById('app')! });
registerServiceWorker();
