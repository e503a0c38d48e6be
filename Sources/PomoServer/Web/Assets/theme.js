// The theme, the end-of-session sound and desktop notifications.
export function applyTheme(theme) {
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  try { localStorage.setItem('pomo.theme', theme || 'auto'); } catch { /* private mode */ }
}

// Browsers let a page play sound only after a click or key press on it: make the audio
// context at the first one, so the chime at the end of a session can play.
let audio = null;
const unlockAudio = () => {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') audio.resume();
  } catch { /* no audio here */ }
};
document.addEventListener('pointerdown', unlockAudio);
document.addEventListener('keydown', unlockAudio);

function chime(kind) {
  if (kind === 'none' || !audio || audio.state !== 'running') return;
  try {
    const ctx = audio;
    const notes = { chime: [880, 1320], bell: [660, 990, 660], soft: [440, 550] }[kind] || [880, 1320];
    notes.forEach((freq, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const at = ctx.currentTime + i * 0.25;
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(kind === 'soft' ? 0.08 : 0.2, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + 0.6);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.6);
    });
  } catch { /* no audio here */ }
}

export function notify(title, body, sound) {
  chime(sound);
  if ('Notification' in window && Notification.permission === 'granted') {
    try { new Notification(title, { body, icon: '/assets/icon.svg' }); } catch { /* not allowed in this context */ }
  }
}

export function askNotificationPermission() {
  if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => {});
}
