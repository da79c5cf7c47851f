import { describe, expect, it } from 'vitest'
import { checkCharacter, idCardProblem } from '@/shared/idCard'

const TODAY = new Date(Date.UTC(2026, 11, 8))

describe('the ID-number hint', () => {
  it('computes the GB 11643 check character', () => {
    // The standard's own example (ending in X) and two the backend's with_check_character made.
    expect(checkCharacter('11010519491231002')).toBe('X')
    expect(checkCharacter('44010619560101011')).toBe('5')
    expect(checkCharacter('44010619800101001')).toBe('9')
    expect(idCardProblem('11010519491231002X', TODAY)).toBe('')
    expect(idCardProblem('11010519491231002x', TODAY)).toBe('')
  })

  it('names what is wrong, in the API\'s words', () => {
    expect(idCardProblem('110105194912310021', TODAY)).toBe('身份证号码校验位不正确，请核对')
    expect(idCardProblem('1101051949123100', TODAY)).toBe('身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X')
    expect(idCardProblem('11010519490231002X', TODAY)).toBe('身份证号码中的出生日期无效') // 31 February
    expect(idCardProblem('110105203012310020', TODAY)).toBe('身份证号码中的出生日期无效') // born in the future
  })
})
