// The app proper, imported by the boot module (main.tsx) once it has started the first requests.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
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
}
