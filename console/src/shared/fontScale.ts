// The larger-font setting: a preference of this browser, not of the account (kept in localStorage —
// it is not a secret; tokens never go there).
import { ref, watch } from 'vue'

const KEY = 'timebank.font'
export const largeFont = ref(localStorage.getItem(KEY) === 'large')

function apply(large: boolean): void {
  document.documentElement.classList.toggle('large-font', large)
  localStorage.setItem(KEY, large ? 'large' : 'normal')
}

apply(largeFont.value)
watch(largeFont, apply)
