// What the signed-in person can do, from GET /me's memberships (organisation kind + role). Pages use
// it to choose what to show; the server checks every action again.
const KINDS = {
  association: '市志愿者协会',
  station: '社工站',
  community: '社区',
  league: '团组织',
  volunteer_org: '志愿服务组织',
}

function activeMemberships(me) {
  return ((me && me.memberships) || []).filter((m) => m.is_active !== false && m.organisation)
}

function organisationsOf(me, kind) {
  return activeMemberships(me).filter((m) => m.organisation.kind === kind).map((m) => m.organisation)
}

function has(me, kind) {
  return organisationsOf(me, kind).length > 0
}

// Workspaces for the 我的 page and the 工作台, in the order people of several roles expect.
function workspaces(me) {
  const out = []
  const seen = {}
  activeMemberships(me).forEach((m) => {
    const kind = m.organisation.kind
    if (seen[kind]) return
    seen[kind] = true
    out.push({ kind, label: KINDS[kind] || kind, organisation: m.organisation })
  })
  return out
}

module.exports = { KINDS, activeMemberships, organisationsOf, has, workspaces }
