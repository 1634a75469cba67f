// Boot module: small, so it runs soon after the HTML has arrived. It starts what the first view waits for
// at the same time as the app's code downloads (index.html preloads that code, see
// scripts/preloadApp.ts): the first view's texts of the chosen language (i18n/firstView.ts), the session check and, for a patient, the
// start page's data. On a slow mobile link (bench/web-budget.ts) each of these would otherwise cost a
// round trip after the code.
import { initialLang, loadLanguage } from './i18n/languages';
import { startEarlyRequests } from './shared/earlyFetch';

const lang = initialLang();
// Errors surface where the texts are awaited (i18next init); here the download only starts.
loadLanguage(lang, 'first').catch(() => undefined);
// Nobody logged in: the login page (not part of the app chunk, App.tsx) downloads beside the app's code.
startEarlyRequests(window.location.pathname, () => void import('./shared/LoginPage').catch(() => undefined));
void import('./start').then((app) => app.start(lang));
