// Forms show the API's field errors in place (`<el-form-item :error="form.errors.title">`); any other
// refusal is a message at the top. Double submits are ignored while one is in flight.
import { ElMessage, ElMessageBox } from 'element-plus'
import { reactive, ref } from 'vue'
import { ApiError } from '@/api/client'

export function useApiForm() {
  const errors = reactive<Record<string, string>>({})
  const submitting = ref(false)

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key]
  }

  async function submit<T>(action: () => Promise<T>, success?: string): Promise<T | undefined> {
    if (submitting.value) return undefined
    submitting.value = true
    clear()
    try {
      const result = await action()
      if (success) ElMessage.success(success)
      return result
    } catch (e) {
      if (e instanceof ApiError) {
        Object.assign(errors, e.fields)
        ElMessage.error(e.message)
      } else {
        ElMessage.error('操作失败，请重试')
      }
      return undefined
    } finally {
      submitting.value = false
    }
  }

  return { errors, submitting, submit, clear }
}

/** Every destructive or irreversible action asks first. Resolves false when the user backs out. */
export async function confirmed(message: string, title = '请确认'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: '确定', cancelButtonText: '取消', type: 'warning' })
    return true
  } catch {
    return false
  }
}

/** Asks for the reason a rejection or a return needs (the API requires one); null when cancelled. */
export async function askReason(title: string, max = 200): Promise<string | null> {
  try {
    const { value } = await ElMessageBox.prompt('请填写原因', title, {
      confirmButtonText: '确定', cancelButtonText: '取消', inputType: 'textarea',
      inputValidator: (v: string) => (!!v && v.trim().length > 0 && v.length <= max) || `请填写原因（${max} 字以内）`,
    })
    return value.trim()
  } catch {
    return null
  }
}

/** Runs an action on a row with the standard messages; returns true when it succeeded. */
export async function act(action: () => Promise<unknown>, success = '操作成功'): Promise<boolean> {
  try {
    await action()
    ElMessage.success(success)
    return true
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : '操作失败，请重试')
    return false
  }
}
