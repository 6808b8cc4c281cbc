import { onBeforeUnmount, ref } from 'vue';

/** Seconds left before something may be done again, e.g. asking for another SMS code. */
export function useCountdown() {
  const remaining = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;
  let until = 0;

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  // Counted against the clock rather than by ticks: a background tab's timers are throttled.
  function tick() {
    remaining.value = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    if (remaining.value === 0) stop();
  }

  function start(seconds: number) {
    stop();
    until = Date.now() + Math.max(0, seconds) * 1000;
    tick();
    if (remaining.value > 0) timer = setInterval(tick, 250);
  }

  onBeforeUnmount(stop);
  return { remaining, start };
}
