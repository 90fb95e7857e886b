import { mount } from 'svelte';

import App from './App.svelte';
import { registerServiceWorker } from './lib/push-device.ts';

import './styles.css';

mount(App, { target: document.getElementById('app')! });
registerServiceWorker();
