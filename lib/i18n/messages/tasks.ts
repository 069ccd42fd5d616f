// The background jobs' runs (系统 → 后台任务).
const zhCN = {
  nav: "后台任务",
  title: "后台任务",
  intro:
    "定时在后台运行的任务：每项的最近一次运行、耗时和失败。在 PostgreSQL 上由任务队列（pg-boss）调度，每个周期只在一个实例上运行一次；失败后按退避间隔重试。",
  job: "任务",
  lastRun: "最近运行",
  duration: "耗时",
  durationMs: "{ms, number} 毫秒",
  outcome: "结果",
  ok: "成功",
  failed: "失败",
  never: "尚未运行",
  runs24h: "24 小时内运行",
  failures24h: "24 小时内失败",
  lastFailure: "最近一次失败",
  attempt: "第 {n, number} 次重试",
  runner: "运行进程",
  recent: "最近的运行",
  empty: "还没有任何运行记录。",
  names: {
    quiz_sweep: "结束超时的答题",
    class_reminders: "培训班上课提醒",
    roster_refresh: "刷新岗位资格名册",
    hours_refresh: "汇总学时",
    points_refresh: "刷新学分",
    notify_send: "发送通知（邮件、企业微信、钉钉、短信）",
    notify_sweep: "查找即将开始的考试和即将到期的证书",
  },
};

const en: typeof zhCN = {
  nav: "Background jobs",
  title: "Background jobs",
  intro:
    "Jobs that run on a schedule in the background: each one's last run, how long it took, and its failures. On PostgreSQL a job queue (pg-boss) schedules them so each period runs once on one instance; a failed run is retried after a growing wait.",
  job: "Job",
  lastRun: "Last run",
  duration: "Duration",
  durationMs: "{ms, number} ms",
  outcome: "Outcome",
  ok: "Succeeded",
  failed: "Failed",
  never: "Not run yet",
  runs24h: "Runs in 24 h",
  failures24h: "Failures in 24 h",
  lastFailure: "Last failure",
  attempt: "retry {n, number}",
  runner: "Process",
  recent: "Recent runs",
  empty: "No runs recorded yet.",
  names: {
    quiz_sweep: "Finish overdue quiz attempts",
    class_reminders: "Class session reminders",
    roster_refresh: "Refresh the skill roster",
    hours_refresh: "Total the 学时",
    points_refresh: "Refresh learning points",
    notify_send: "Send notifications (email, WeCom, DingTalk, SMS)",
    notify_sweep: "Look for quizzes opening and certificates expiring",
  },
};

export default { "zh-CN": zhCN, en };
