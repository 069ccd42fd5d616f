// `npm run admin:create -- --employee-no 000001 --name 张三 [--unit 某某作业区] [--force-another]`
//
// Makes the first administrator of a database that starts empty (production: demo data loads only
// into the embedded database, or with SEED_DEMO=true). Asks for the password at a terminal (empty:
// one is generated) or generates one when there is no terminal, prints a generated one once, and
// the administrator must change it at the first sign-in. Refuses when an administrator exists,
// unless --force-another. On the embedded database, stop the server first (one process per folder).
import { stdin, stdout } from "node:process";
import { parseArgs } from "node:util";
import { getDbHandle } from "../lib/core/db";
import { createAdmin, generatePassword } from "../lib/auth/first-admin";
import { passwordProblem } from "../lib/auth/password";
import { makeTranslator, translateCode } from "../lib/i18n";

const zh = makeTranslator("zh-CN");
const en = makeTranslator("en");
const say = (code: string, params?: Record<string, string | number>) => `${translateCode(zh, code, params)}\n${translateCode(en, code, params)}`;

const { values } = parseArgs({
  options: {
    "employee-no": { type: "string" },
    name: { type: "string" },
    unit: { type: "string" },
    "force-another": { type: "boolean", default: false },
    generate: { type: "boolean", default: false },
  },
});
if (!values["employee-no"] || !values.name) {
  console.error("usage: npm run admin:create -- --employee-no <工号> --name <姓名> [--unit <作业区名称>] [--generate] [--force-another]");
  process.exit(2);
}

/** Reads a line at the terminal without echoing it. */
function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = "";
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString("utf8")) {
        if (ch === "\r" || ch === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          stdout.write("\n");
          return resolve(typed);
        }
        if (ch === "\u0003") process.exit(130);
        if (ch === "\u007f") typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function choosePassword(): Promise<{ password: string; generated: boolean }> {
  if (values.generate || !stdin.isTTY) return { password: generatePassword(), generated: true };
  for (;;) {
    const first = await ask("密码 / password (empty: generate one): ");
    if (!first) return { password: generatePassword(), generated: true };
    const problem = passwordProblem(first, { employeeNo: values["employee-no"], name: values.name });
    if (problem) {
      console.error(say(problem));
      continue;
    }
    if ((await ask("再输一次 / again: ")) === first) return { password: first, generated: false };
    console.error(say("auth.mismatch"));
  }
}

// The configured database (DATABASE_URL, else the embedded one); opening it applies the migrations.
const handle = await getDbHandle();
try {
  const { password, generated } = await choosePassword();
  const r = await createAdmin(handle.db, {
    employeeNo: values["employee-no"],
    name: values.name,
    unitName: values.unit,
    password,
    forceAnother: values["force-another"],
  });
  if (!r.ok) {
    console.error(say(r.code, r.params as Record<string, string | number> | undefined));
    process.exitCode = 1;
  } else {
    console.log(
      `Administrator ${values["employee-no"]} (${values.name}) ready on ${handle.driver}${r.value.unitCreated ? `, in the new top unit "${values.unit ?? "作业区"}"` : ""}.`,
    );
    if (generated) console.log(`Temporary password (shown only now): ${password}`);
    console.log("The password must be changed at the first sign-in. / 首次登录须修改密码。");
  }
} finally {
  await handle.close();
}
