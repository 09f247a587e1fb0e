import { DuckDBInstance } from "@duckdb/node-api"
const i = await DuckDBInstance.create(":memory:", { threads: "2" })
const c = await i.connect()
const D = "/tmp/truthrun/year"
const q = async (sql) => console.table((await c.runAndReadAll(sql)).getRowObjectsJS())
await c.run(`CREATE VIEW l AS SELECT * FROM read_csv('${D}/facts/receipt_lines/dt=*/*.csv', types={'PromoCode':'VARCHAR'})`)
await c.run(`CREATE VIEW p AS SELECT * FROM read_csv('${D}/master/products_master.csv')`)
await c.run(`CREATE TABLE m AS SELECT month(l.EventTS) AS m, p.Department AS dep, count(*) AS lines, sum(Qty) AS units, count(*) FILTER (WHERE PromoCode IS NULL) AS plain FROM l JOIN p ON p.ID = l.ProductID GROUP BY 1,2`)
await c.run(`CREATE TABLE ls AS SELECT month(Date) AS m, p.Department AS dep, sum(LostUnits) AS lost, sum(UnitsAsked-UnitsGranted) AS refused FROM read_csv('${D}/facts/_truth/lost_sales/dt=*/*.csv') t JOIN p ON p.ID = t.ProductID GROUP BY 1,2`)
for (const dep of ["Electronics", "Home & Garden", "Office", "Clothing", "Seasonal & Sports"]) {
  console.log(dep)
  await q(`WITH t AS (SELECT m, sum(lines) AS L, sum(units) AS U, sum(plain) AS P FROM m GROUP BY 1),
    d AS (SELECT m.m, m.lines/t.L AS ls, m.units/t.U AS us, m.plain/t.P AS ps, coalesce(ls.refused,0) AS refused, m.units AS units FROM m JOIN t USING (m) LEFT JOIN ls ON ls.m = m.m AND ls.dep = m.dep WHERE m.dep = '${dep}')
    SELECT m, round(ls / avg(ls) OVER (), 3) AS line_idx, round(us / avg(us) OVER (), 3) AS unit_idx, round(ps/avg(ps) OVER (),3) AS plain_idx, units, refused FROM d ORDER BY m`)
}
