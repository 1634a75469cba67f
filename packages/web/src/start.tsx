// The app proper, imported by the boot module (main.tsx) once it has started the first requests.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { completeTexts, initI18n } from './i18n';
import { registerServiceWorker } from './offline/registerServiceWorker';
import { applyTextSize, storedTextSize } from './patient/textSize';

export async function start(lang: string): Promise<void> {
  applyTextSize(storedTextSize());
  await initI18n(lang);
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing in index.html');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  registerServiceWorker();
  // The texts beyond the first view (i18n/firstView.ts), once the page has loaded: not competing with the
  // first view for bandwidth, and usually in before the patient opens another page (which waits for them).
  const rest = () => void completeTexts().catch(() => undefined);
  if (document.readyState === 'complete') rest();
  else window.addEventListener('load', rest, { once: true });
}
