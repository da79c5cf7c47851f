import { describe, expect, it } from 'vitest'
import { ApiError, flattenFieldErrors } from '@/api/client'

describe('the error envelope', () => {
  it('flattens marshmallow field errors, nested ones by dotted path', () => {
    expect(flattenFieldErrors({ title: ['不能为空'], location: { latitude: ['超出范围', '须为数字'] } }))
      .toEqual({ title: '不能为空', 'location.latitude': '超出范围；须为数字' })
  })

  it('keeps the API message and error id, and says something useful without one', () => {
    const refused = new ApiError(409, { error: 'order_full', message: '该订单招募人数已满', errors: {} })
    expect([refused.status, refused.error, refused.message]).toEqual([409, 'order_full', '该订单招募人数已满'])
    expect(new ApiError(502, undefined).message).toBe('服务器开小差了，请稍后重试')
  })
})
