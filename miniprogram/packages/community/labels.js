// Status labels and the community-admin scope shared by the community admin pages. The server also
// sends *_label fields; these maps name the tabs before any row has arrived.
const auth = require('../../utils/auth')
const roles = require('../../utils/roles')

const APPLICATION_TABS = [
  { name: 'pending', title: '待审核' },
  { name: 'approved', title: '已通过' },
  { name: 'rejected', title: '未通过' },
  { name: 'withdrawn', title: '已撤回' },
]

const ACTIVITY_TABS = [
  { name: '', title: '全部' },
  { name: 'recruiting', title: '进行中' },
  { name: 'ended', title: '已结束' },
  { name: 'cancelled', title: '已取消' },
]

const HELP_TABS = [
  { name: 'pending', title: '待安排' },
  { name: 'assigned', title: '已安排' },
  { name: 'closed', title: '已办结' },
  { name: 'declined', title: '不予受理' },
  { name: 'withdrawn', title: '已撤回' },
]

const REPORT_TABS = [
  { name: 'pending', title: '待审核' },
  { name: 'approved', title: '已通过' },
  { name: 'rejected', title: '未通过' },
]

const ATTENDANCE = { unconfirmed: '未确认', attended: '已到', absent: '未到' }
const ACTIVITY_STATUS = { recruiting: '进行中', ended: '已结束', cancelled: '已取消' }

const NOT_STAFF = '您不是社区工作人员，无法使用此功能'

// The communities the signed-in person works for ({id, name, region}); pages ask with one of them as
// organisation_id and offer a picker when there are several.
async function myCommunities() {
  const me = await auth.currentUser()
  return roles.organisationsOf(me, 'community')
}

module.exports = {
  APPLICATION_TABS, ACTIVITY_TABS, HELP_TABS, REPORT_TABS, ATTENDANCE, ACTIVITY_STATUS, NOT_STAFF, myCommunities,
}
