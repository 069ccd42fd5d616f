/** The list the specialties migration seeds (db/migrations/*_specialties.sql), for pure tests without a database. */
export const SEEDED_SPECIALTIES = [
  { code: "oil_production", nameZh: "采油", nameEn: "Oil production", active: true, sort: 10 },
  { code: "gathering", nameZh: "集输", nameEn: "Gathering", active: true, sort: 20 },
  { code: "boiler", nameZh: "锅炉", nameEn: "Boiler", active: true, sort: 30 },
  { code: "electrical", nameZh: "电工", nameEn: "Electrical", active: true, sort: 40 },
  { code: "instrument", nameZh: "仪表", nameEn: "Instrumentation", active: true, sort: 50 },
  { code: "safety", nameZh: "安全", nameEn: "Safety", active: true, sort: 60 },
  { code: "maintenance", nameZh: "维修", nameEn: "Maintenance", active: true, sort: 70 },
];
