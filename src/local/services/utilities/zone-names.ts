/**
 * The short zone names Java's SimpleDateFormat prints for `z` (Utilities.formatDate runs on Java): 'UTC', 'CET' /
 * 'CEST', 'BST', 'IST', 'JST'... Node's Intl gives 'GMT+1' for most zones outside the Americas, so the names are
 * listed here: [standard, daylight saving]. A zone not listed uses Intl's name when it is a real abbreviation
 * (EST, PDT ...), else 'GMT+hh:mm' (what Java prints for a zone without a short name).
 */
const CET = ['CET', 'CEST'];
const EET = ['EET', 'EEST'];
const AEST = ['AEST', 'AEDT'];

const TABLE: Record<string, string[]> = {
  UTC: ['UTC'],
  'Etc/UTC': ['UTC'],
  'Etc/UCT': ['UTC'],
  UCT: ['UTC'],
  Zulu: ['UTC'],
  GMT: ['GMT'],
  'Etc/GMT': ['GMT'],
  'Etc/Greenwich': ['GMT'],
  'Europe/London': ['GMT', 'BST'],
  'Europe/Dublin': ['GMT', 'IST'],
  'Europe/Lisbon': ['WET', 'WEST'],
  'Atlantic/Canary': ['WET', 'WEST'],
  'Europe/Moscow': ['MSK'],
  'Europe/Istanbul': ['TRT'],
  'Asia/Kolkata': ['IST'],
  'Asia/Calcutta': ['IST'],
  'Asia/Tokyo': ['JST'],
  'Asia/Seoul': ['KST'],
  'Asia/Shanghai': ['CST'],
  'Asia/Hong_Kong': ['HKT'],
  'Asia/Singapore': ['SGT'],
  'Asia/Jerusalem': ['IST', 'IDT'],
  'Asia/Karachi': ['PKT'],
  'Asia/Jakarta': ['WIB'],
  'Australia/Brisbane': ['AEST'],
  'Australia/Adelaide': ['ACST', 'ACDT'],
  'Australia/Darwin': ['ACST'],
  'Australia/Perth': ['AWST'],
  'Pacific/Auckland': ['NZST', 'NZDT'],
  'Africa/Johannesburg': ['SAST'],
  'Africa/Lagos': ['WAT'],
  'Africa/Nairobi': ['EAT'],
  'Africa/Cairo': EET,
  'America/Sao_Paulo': ['BRT'],
  'America/Argentina/Buenos_Aires': ['ART'],
  'America/Bogota': ['COT'],
  'America/Lima': ['PET'],
};
for (const z of ['Sydney', 'Melbourne', 'Hobart', 'Canberra']) TABLE[`Australia/${z}`] = AEST;
for (const z of [
  'Amsterdam',
  'Andorra',
  'Belgrade',
  'Berlin',
  'Bratislava',
  'Brussels',
  'Budapest',
  'Copenhagen',
  'Gibraltar',
  'Ljubljana',
  'Luxembourg',
  'Madrid',
  'Malta',
  'Monaco',
  'Oslo',
  'Paris',
  'Prague',
  'Rome',
  'San_Marino',
  'Sarajevo',
  'Skopje',
  'Stockholm',
  'Tirane',
  'Vaduz',
  'Vatican',
  'Vienna',
  'Warsaw',
  'Zagreb',
  'Zurich',
])
  TABLE[`Europe/${z}`] = CET;
for (const z of ['Athens', 'Bucharest', 'Helsinki', 'Kiev', 'Kyiv', 'Riga', 'Sofia', 'Tallinn', 'Vilnius']) TABLE[`Europe/${z}`] = EET;

/** Java's short name for the zone, or undefined when it has none listed here. */
export function javaShortZoneName(tz: string, daylight: boolean): string | undefined {
  const names = TABLE[tz] ?? TABLE[tz.trim()];
  if (!names) return undefined;
  return (daylight && names[1]) || names[0];
}
