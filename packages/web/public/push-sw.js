// Web Push in the service worker (imported by the generated Workbox worker, see vite.config.ts).
// The payload is { title, body, url } and never holds health data (server notifications/texts.ts).
self.addEventListener('push', (event) => {
  let data = { title: 'Hemma', body: '', url: '/' };
  try {
    data = { ...data, ...event.data.json() };
  } catch {
    // An unreadable payload still tells the patient to look in Hemma.
  }
  event.waitUntil(
    self.registration.showNotification(data.title, {
      body: data.body,
      icon: '/icon-192.png',
      data: { url: data.url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL('/', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url.startsWith(self.location.origin));
      return open ? open.focus() : self.clients.openWindow(target);
    }),
  );
});
