import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { createWebHistory } from 'vue-router';
// The whole Element Plus stylesheet (about 45 kB gzipped) rather than per-component styles:
// it is one long-cached hashed file, the admin console will soon use most components, and
// it spares a resolver plugin. Components themselves are imported where used, so the
// JavaScript is tree-shaken.
import 'element-plus/dist/index.css';
import 'element-plus/theme-chalk/dark/css-vars.css';
import './styles.css';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';

createApp(App)
  .use(createPinia())
  .use(createAppI18n())
  .use(createAppRouter(createWebHistory('/')))
  .mount('#app');
