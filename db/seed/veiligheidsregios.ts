// The 25 veiligheidsregio's, the default region scheme, each with the few municipalities (CBS codes) the
// demo puts its shelters in. Every municipality and its region comes from data/gemeenten-2026.csv.

export const DEFAULT_SCHEME = { code: 'veiligheidsregio', name: 'Veiligheidsregio' } as const;

export const MAPPING_VALID_FROM = '2026-01-01';

export const veiligheidsregios: Array<{ code: string; name: string; municipalities: Array<[string, string]> }> = [
  {
    code: 'VR01',
    name: 'Groningen',
    municipalities: [
      ['GM0014', 'Groningen'],
      ['GM1952', 'Midden-Groningen'],
      ['GM0037', 'Stadskanaal'],
    ],
  },
  {
    code: 'VR02',
    name: 'Fryslân',
    municipalities: [
      ['GM0080', 'Leeuwarden'],
      ['GM0074', 'Heerenveen'],
      ['GM1900', 'Súdwest-Fryslân'],
    ],
  },
  {
    code: 'VR03',
    name: 'Drenthe',
    municipalities: [
      ['GM0106', 'Assen'],
      ['GM0114', 'Emmen'],
      ['GM0119', 'Meppel'],
    ],
  },
  {
    code: 'VR04',
    name: 'IJsselland',
    municipalities: [
      ['GM0193', 'Zwolle'],
      ['GM0150', 'Deventer'],
      ['GM0166', 'Kampen'],
    ],
  },
  {
    code: 'VR05',
    name: 'Twente',
    municipalities: [
      ['GM0153', 'Enschede'],
      ['GM0164', 'Hengelo'],
      ['GM0141', 'Almelo'],
    ],
  },
  {
    code: 'VR06',
    name: 'Noord- en Oost-Gelderland',
    municipalities: [
      ['GM0200', 'Apeldoorn'],
      ['GM0301', 'Zutphen'],
      ['GM0222', 'Doetinchem'],
    ],
  },
  {
    code: 'VR07',
    name: 'Gelderland-Midden',
    municipalities: [
      ['GM0202', 'Arnhem'],
      ['GM0228', 'Ede'],
      ['GM0289', 'Wageningen'],
    ],
  },
  {
    code: 'VR08',
    name: 'Gelderland-Zuid',
    municipalities: [
      ['GM0268', 'Nijmegen'],
      ['GM0281', 'Tiel'],
    ],
  },
  {
    code: 'VR09',
    name: 'Utrecht',
    municipalities: [
      ['GM0344', 'Utrecht'],
      ['GM0307', 'Amersfoort'],
      ['GM0345', 'Veenendaal'],
      ['GM0355', 'Zeist'],
    ],
  },
  {
    code: 'VR10',
    name: 'Noord-Holland Noord',
    municipalities: [
      ['GM0361', 'Alkmaar'],
      ['GM0400', 'Den Helder'],
      ['GM0405', 'Hoorn'],
    ],
  },
  {
    code: 'VR11',
    name: 'Zaanstreek-Waterland',
    municipalities: [
      ['GM0479', 'Zaanstad'],
      ['GM0439', 'Purmerend'],
    ],
  },
  {
    code: 'VR12',
    name: 'Kennemerland',
    municipalities: [
      ['GM0392', 'Haarlem'],
      ['GM0394', 'Haarlemmermeer'],
      ['GM0453', 'Velsen'],
    ],
  },
  {
    code: 'VR13',
    name: 'Amsterdam-Amstelland',
    municipalities: [
      ['GM0363', 'Amsterdam'],
      ['GM0362', 'Amstelveen'],
      ['GM0358', 'Aalsmeer'],
    ],
  },
  {
    code: 'VR14',
    name: 'Gooi en Vechtstreek',
    municipalities: [
      ['GM0402', 'Hilversum'],
      ['GM1942', 'Gooise Meren'],
      ['GM0406', 'Huizen'],
    ],
  },
  {
    code: 'VR15',
    name: 'Haaglanden',
    municipalities: [
      ['GM0518', "'s-Gravenhage"],
      ['GM0503', 'Delft'],
      ['GM0637', 'Zoetermeer'],
      ['GM0603', 'Rijswijk'],
    ],
  },
  {
    code: 'VR16',
    name: 'Hollands Midden',
    municipalities: [
      ['GM0546', 'Leiden'],
      ['GM0513', 'Gouda'],
      ['GM0484', 'Alphen aan den Rijn'],
    ],
  },
  {
    code: 'VR17',
    name: 'Rotterdam-Rijnmond',
    municipalities: [
      ['GM0599', 'Rotterdam'],
      ['GM0606', 'Schiedam'],
      ['GM0622', 'Vlaardingen'],
    ],
  },
  {
    code: 'VR18',
    name: 'Zuid-Holland Zuid',
    municipalities: [
      ['GM0505', 'Dordrecht'],
      ['GM0590', 'Papendrecht'],
      ['GM0642', 'Zwijndrecht'],
    ],
  },
  {
    code: 'VR19',
    name: 'Zeeland',
    municipalities: [
      ['GM0687', 'Middelburg'],
      ['GM0718', 'Vlissingen'],
      ['GM0715', 'Terneuzen'],
    ],
  },
  {
    code: 'VR20',
    name: 'Midden- en West-Brabant',
    municipalities: [
      ['GM0855', 'Tilburg'],
      ['GM0758', 'Breda'],
      ['GM0748', 'Bergen op Zoom'],
    ],
  },
  {
    code: 'VR21',
    name: 'Brabant-Noord',
    municipalities: [
      ['GM0796', "'s-Hertogenbosch"],
      ['GM0828', 'Oss'],
      ['GM0865', 'Vught'],
    ],
  },
  {
    code: 'VR22',
    name: 'Brabant-Zuidoost',
    municipalities: [
      ['GM0772', 'Eindhoven'],
      ['GM0794', 'Helmond'],
      ['GM0861', 'Veldhoven'],
    ],
  },
  {
    code: 'VR23',
    name: 'Limburg-Noord',
    municipalities: [
      ['GM0983', 'Venlo'],
      ['GM0957', 'Roermond'],
      ['GM0988', 'Weert'],
    ],
  },
  {
    code: 'VR24',
    name: 'Zuid-Limburg',
    municipalities: [
      ['GM0935', 'Maastricht'],
      ['GM0917', 'Heerlen'],
      ['GM1883', 'Sittard-Geleen'],
    ],
  },
  {
    code: 'VR25',
    name: 'Flevoland',
    municipalities: [
      ['GM0034', 'Almere'],
      ['GM0995', 'Lelystad'],
      ['GM0171', 'Noordoostpolder'],
    ],
  },
];
