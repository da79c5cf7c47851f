// Small wrappers over wx UI calls, so pages say what they mean and tests can watch one place.

function showError(err) {
  const message = (err && err.message) || '操作失败，请稍后再试'
  wx.showToast({ title: message, icon: 'none', duration: 2500 })
  return message
}

function toast(title) {
  wx.showToast({ title, icon: 'success', duration: 1500 })
}

function confirm(title, content) {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content: content || '',
      confirmText: '确定',
      cancelText: '取消',
      success: (res) => resolve(Boolean(res && res.confirm)),
      fail: () => resolve(false),
    })
  })
}

// A modal with a text box, for actions that need a reason (驳回、取消、退回…). Resolves the trimmed
// text, or null when cancelled. Empty reasons are refused here so the server's 422 is not the first word.
function askReason(title, placeholder) {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      editable: true,
      placeholderText: placeholder || '请填写原因',
      confirmText: '提交',
      cancelText: '取消',
      success: (res) => {
        if (!res || !res.confirm) return resolve(null)
        const text = String(res.content || '').trim()
        if (!text) {
          wx.showToast({ title: '请填写原因', icon: 'none' })
          return resolve(null)
        }
        resolve(text)
      },
      fail: () => resolve(null),
    })
  })
}

function go(url) {
  wx.navigateTo({ url })
}

// Field errors of a 422 (`errors` of the envelope) as {field: '第一条信息'}, for forms to show in place.
function fieldErrors(err) {
  const out = {}
  const errors = (err && err.errors) || {}
  Object.keys(errors).forEach((field) => {
    const value = errors[field]
    out[field] = Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : '内容有误'
  })
  return out
}

module.exports = { showError, toast, confirm, askReason, go, fieldErrors }
