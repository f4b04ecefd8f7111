/**
 * Names and US addresses for seeded customers. Hand-written rather than @faker-js/faker: faker 10
 * is ESM-only, and the seed also runs inside Jest's CommonJS runtime (seed tests, demo seed).
 */

export const FIRST_NAMES = (
  'James|Mary|Robert|Patricia|John|Jennifer|Michael|Linda|David|Elizabeth|William|Barbara|Richard|Susan|Joseph|Jessica|' +
  'Thomas|Sarah|Christopher|Karen|Charles|Lisa|Daniel|Nancy|Matthew|Betty|Anthony|Sandra|Mark|Margaret|Donald|Ashley|' +
  'Steven|Kimberly|Andrew|Emily|Paul|Donna|Joshua|Michelle|Kenneth|Carol|Kevin|Amanda|Brian|Melissa|George|Deborah|' +
  'Timothy|Stephanie|Ronald|Rebecca|Jason|Sharon|Edward|Laura|Jeffrey|Cynthia|Ryan|Dorothy|Jacob|Amy|Gary|Kathleen|' +
  'Nicholas|Angela|Eric|Shirley|Jonathan|Emma|Stephen|Brenda|Larry|Pamela|Justin|Nicole|Scott|Anna|Brandon|Samantha|' +
  'Benjamin|Katherine|Samuel|Christine|Gregory|Debra|Alexander|Rachel|Patrick|Carolyn|Frank|Janet|Raymond|Maria|Jack|' +
  'Olivia|Dennis|Heather|Jerry|Helen|Tyler|Catherine|Aaron|Diane|Jose|Julie|Adam|Victoria|Nathan|Joyce|Henry|Lauren|' +
  'Zachary|Kelly|Douglas|Christina|Peter|Ruth|Kyle|Joan|Noah|Virginia|Ethan|Judith|Jeremy|Evelyn|Christian|Hannah|' +
  'Walter|Andrea|Keith|Megan|Austin|Cheryl|Roger|Jacqueline|Terry|Madison|Sean|Sophia|Gerald|Abigail|Carl|Teresa|' +
  'Dylan|Isabella|Harold|Sara|Jordan|Janice|Jesse|Julia|Bryan|Grace|Lawrence|Judy|Arthur|Theresa|Gabriel|Rose|Bruce|' +
  'Beverly|Logan|Denise|Billy|Marilyn|Joe|Amber|Alan|Danielle|Juan|Brittany|Elijah|Diana|Willie|Mila|Albert|Natalie|' +
  'Wayne|Lucia|Randy|Priya|Mason|Aisha|Vincent|Mei|Liam|Sofia|Roy|Camila|Ralph|Valentina|Bobby|Chloe|Russell|Zoe|' +
  'Bradley|Aaliyah|Philip|Yuki|Eugene|Fatima|Omar|Ines|Diego|Leila|Mateo|Amara|Hiroshi|Nadia|Ravi|Elena|Tariq|Ingrid'
).split('|');

export const LAST_NAMES = (
  'Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|Lopez|Gonzalez|Wilson|Anderson|' +
  'Thomas|Taylor|Moore|Jackson|Martin|Lee|Perez|Thompson|White|Harris|Sanchez|Clark|Ramirez|Lewis|Robinson|Walker|' +
  'Young|Allen|King|Wright|Scott|Torres|Nguyen|Hill|Flores|Green|Adams|Nelson|Baker|Hall|Rivera|Campbell|Mitchell|' +
  'Carter|Roberts|Gomez|Phillips|Evans|Turner|Diaz|Parker|Cruz|Edwards|Collins|Reyes|Stewart|Morris|Morales|Murphy|' +
  'Cook|Rogers|Gutierrez|Ortiz|Morgan|Cooper|Peterson|Bailey|Reed|Kelly|Howard|Ramos|Kim|Cox|Ward|Richardson|Watson|' +
  'Brooks|Chavez|Wood|James|Bennett|Gray|Mendoza|Ruiz|Hughes|Price|Alvarez|Castillo|Sanders|Patel|Myers|Long|Ross|' +
  'Foster|Jimenez|Powell|Jenkins|Perry|Russell|Sullivan|Bell|Coleman|Butler|Henderson|Barnes|Gonzales|Fisher|' +
  'Vasquez|Simmons|Romero|Jordan|Patterson|Alexander|Hamilton|Graham|Reynolds|Griffin|Wallace|Moreno|West|Cole|' +
  'Hayes|Bryant|Herrera|Gibson|Ellis|Tran|Medina|Aguilar|Stevens|Murray|Ford|Castro|Marshall|Owens|Harrison|' +
  'Fernandez|McDonald|Woods|Washington|Kennedy|Wells|Vargas|Henry|Chen|Freeman|Webb|Tucker|Guzman|Burns|Crawford|' +
  'Olson|Simpson|Porter|Hunter|Gordon|Mendez|Silva|Shaw|Snyder|Mason|Dixon|Munoz|Hunt|Hicks|Holmes|Palmer|Wagner|' +
  'Black|Robertson|Boyd|Rose|Stone|Salazar|Fox|Warren|Mills|Meyer|Rice|Schmidt|Garza|Daniels|Ferguson|Nichols|' +
  'Stephens|Soto|Weaver|Ryan|Gardner|Payne|Grant|Dunn|Kelley|Spencer|Hawkins|Arnold|Pierce|Vazquez|Hansen|Peters|' +
  "Santos|Hart|Bradley|Knight|Elliott|Cunningham|Duncan|Armstrong|Hudson|Carroll|Lane|Riley|Andrews|O'Brien|O'Connor|" +
  'Yamamoto|Singh|Kowalski|Novak|Larsen|Rossi|Dubois|Mueller|Okafor|Haddad|Ivanova|Bianchi|Nakamura|Sato|Khan'
).split('|');

/** City|state|ZIP prefix|area code. */
export const CITIES = (
  'New York|NY|100|212;Brooklyn|NY|112|718;Buffalo|NY|142|716;Los Angeles|CA|900|213;San Francisco|CA|941|415;' +
  'San Diego|CA|921|619;Sacramento|CA|958|916;Oakland|CA|946|510;Chicago|IL|606|312;Naperville|IL|605|630;' +
  'Houston|TX|770|713;Austin|TX|787|512;Dallas|TX|752|214;San Antonio|TX|782|210;Phoenix|AZ|850|602;Tucson|AZ|857|520;' +
  'Philadelphia|PA|191|215;Pittsburgh|PA|152|412;Seattle|WA|981|206;Spokane|WA|992|509;Portland|OR|972|503;' +
  'Denver|CO|802|303;Boulder|CO|803|720;Boston|MA|021|617;Cambridge|MA|021|857;Miami|FL|331|305;Orlando|FL|328|407;' +
  'Tampa|FL|336|813;Atlanta|GA|303|404;Savannah|GA|314|912;Charlotte|NC|282|704;Raleigh|NC|276|919;Nashville|TN|372|615;' +
  'Memphis|TN|381|901;Detroit|MI|482|313;Ann Arbor|MI|481|734;Minneapolis|MN|554|612;St. Paul|MN|551|651;' +
  'Columbus|OH|432|614;Cleveland|OH|441|216;Cincinnati|OH|452|513;Indianapolis|IN|462|317;Milwaukee|WI|532|414;' +
  'Madison|WI|537|608;Kansas City|MO|641|816;St. Louis|MO|631|314;Salt Lake City|UT|841|801;Las Vegas|NV|891|702;' +
  'Albuquerque|NM|871|505;Baltimore|MD|212|410;Richmond|VA|232|804;Arlington|VA|222|703;Washington|DC|200|202;' +
  'New Orleans|LA|701|504;Louisville|KY|402|502;Omaha|NE|681|402;Boise|ID|837|208;Anchorage|AK|995|907;Honolulu|HI|968|808;' +
  'Providence|RI|029|401;Hartford|CT|061|860;Burlington|VT|054|802;Portland|ME|041|207;Charleston|SC|294|843;' +
  'Birmingham|AL|352|205;Little Rock|AR|722|501;Des Moines|IA|503|515;Oklahoma City|OK|731|405;Wichita|KS|672|316'
)
  .split(';')
  .map((row) => {
    const [city, state, zip, area] = row.split('|') as [string, string, string, string];
    return { city, state, zip, area };
  });

export const STREET_NAMES =
  'Main|Oak|Pine|Maple|Cedar|Elm|Washington|Lake|Hill|Park|Sunset|Highland|Lincoln|Jefferson|Madison|Franklin|Church|Spring|Ridge|Meadow|Willow|River|Forest|Chestnut|Walnut|Birch|Valley|Mill|Prospect|Summit|Orchard|Harbor|Bay|Grove|Cherry|Dogwood|Hickory|Magnolia|Aspen|Juniper'.split(
    '|',
  );

export const STREET_SUFFIXES = 'St|Ave|Rd|Blvd|Ln|Dr|Ct|Way|Pl|Ter'.split('|');

export const EMAIL_DOMAINS = 'example.com|example.net|example.org|mail.example|inbox.example'.split('|');

/** Approximate combined state + local sales tax rates, so order tax varies by destination. */
export const TAX_RATES: Readonly<Record<string, number>> = {
  NY: 0.0852,
  CA: 0.0882,
  IL: 0.0886,
  TX: 0.082,
  AZ: 0.084,
  PA: 0.0634,
  WA: 0.0929,
  OR: 0,
  CO: 0.0778,
  MA: 0.0625,
  FL: 0.0701,
  GA: 0.0738,
  NC: 0.0699,
  TN: 0.0955,
  MI: 0.06,
  MN: 0.0749,
  OH: 0.0724,
  IN: 0.07,
  WI: 0.0543,
  MO: 0.0835,
  UT: 0.0719,
  NV: 0.0823,
  NM: 0.0772,
  MD: 0.06,
  VA: 0.0577,
  DC: 0.06,
  LA: 0.0956,
  KY: 0.06,
  NE: 0.0697,
  ID: 0.0603,
  AK: 0.0176,
  HI: 0.045,
  RI: 0.07,
  CT: 0.0635,
  VT: 0.0636,
  ME: 0.055,
  SC: 0.0746,
  AL: 0.0929,
  AR: 0.0947,
  IA: 0.0694,
  OK: 0.0899,
  KS: 0.0869,
};
