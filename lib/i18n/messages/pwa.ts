// 离线与安装 (the installable web app): the offline page and the manifest's texts.
const zhCN = {
  manifestName: "岗位练兵 JobReady",
  manifestShortName: "岗位练兵",
  manifestDescription: "作业区培训与考核：课程、练习和考试，信号弱时也能打开。",
  offline: {
    title: "当前没有网络",
    intro: "这个页面还没有保存在本机，需要联网才能打开。网络恢复后请刷新。",
    worksTitle: "没有网络时仍可使用：",
    works: {
      quiz: "已打开的考试：答案保存在本机，联网后再交卷。",
      visited: "您在本机打开过的页面（如学习首页、我的课程、我的档案），显示上次打开时的内容。",
      lessons: "已下载到本机的课程视频（“已下载”页面，需先在联网时打开过）；离线观看的进度在联网后同步。",
    },
    notTitle: "需要网络：",
    not: "登录、交卷、播放未下载的视频，以及所有新内容。",
    retry: "重新加载",
    home: "回到首页",
  },
  signOut: {
    title: "还有内容没有同步",
    answers: "{n} 道练习答案",
    lessons: "{n} 节课的观看进度",
    and: "和",
    pending: "{what}尚未同步，现在退出登录将会丢失。",
    hint: "连上网络后再退出，它们会先自动同步。",
    cancel: "取消",
    confirm: "仍然退出",
    syncing: "正在同步…",
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const en: Shape<typeof zhCN> = {
  manifestName: "JobReady 岗位练兵",
  manifestShortName: "JobReady",
  manifestDescription: "Training and assessment for field crews: courses, practice and quizzes, even on a weak link.",
  offline: {
    title: "You are offline",
    intro: "This page has not been kept on this device and needs a connection. Reload when the connection is back.",
    worksTitle: "Still works without a connection:",
    works: {
      quiz: "A quiz already open: the answers are kept on this device and handed in once you are back online.",
      visited: "Pages you opened on this device (such as the learning home, my courses, my record), as they were when last opened.",
      lessons: "Lesson videos downloaded to this device (the Downloads page, if opened online before); what you watch offline is synced once back online.",
    },
    notTitle: "Needs a connection:",
    not: "Signing in, handing in a quiz, playing videos not downloaded, and anything new.",
    retry: "Reload",
    home: "Back to the home page",
  },
  signOut: {
    title: "Not everything is synced yet",
    answers: "{n, plural, one {# practice answer} other {# practice answers}}",
    lessons: "{n, plural, one {the viewing progress of # lesson} other {the viewing progress of # lessons}}",
    and: " and ",
    pending: "Not yet synced: {what}. Signing out now loses it.",
    hint: "Sign out once you are back online: it is synced first.",
    cancel: "Cancel",
    confirm: "Sign out anyway",
    syncing: "Syncing…",
  },
};

const pwa = { "zh-CN": zhCN, en };
export default pwa;
