const { hostileXlsx, SHEET_HEAD, SHEET_TAIL, inlineRow } = await import("/work/wt-a/tests/fixtures/import/hostile-xlsx.ts");
const { importXlsx } = await import("/work/wt-a/lib/quiz/import/xlsx.ts");
let t = performance.now();
const f = await hostileXlsx({ head: SHEET_HEAD + inlineRow(["题型","题干","答案"]), body: inlineRow(["判断","x","对"]), times: Number(process.argv[2]), tail: SHEET_TAIL });
console.log("built", f.length, (performance.now()-t).toFixed(0));
t = performance.now();
const r = await importXlsx(f);
console.log(JSON.stringify(r).slice(0,300), (performance.now()-t).toFixed(0), process.memoryUsage().rss/1e6);
