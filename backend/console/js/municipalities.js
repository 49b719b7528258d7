// municipalities.js — North Ostrobothnia's municipalities (as common/nv-municipality.c).

import { getLanguage } from './i18n.js';

// [Statistics Finland code, Finnish name, Swedish name]
export const MUNICIPALITIES = [
  ['009', 'Alavieska', 'Alavieska'],
  ['069', 'Haapajärvi', 'Haapajärvi'],
  ['071', 'Haapavesi', 'Haapavesi'],
  ['072', 'Hailuoto', 'Karlö'],
  ['139', 'Ii', 'Ijo'],
  ['208', 'Kalajoki', 'Kalajoki'],
  ['244', 'Kempele', 'Kempele'],
  ['305', 'Kuusamo', 'Kuusamo'],
  ['317', 'Kärsämäki', 'Kärsämäki'],
  ['425', 'Liminka', 'Limingo'],
  ['436', 'Lumijoki', 'Lumijoki'],
  ['483', 'Merijärvi', 'Merijärvi'],
  ['494', 'Muhos', 'Muhos'],
  ['535', 'Nivala', 'Nivala'],
  ['563', 'Oulainen', 'Oulainen'],
  ['564', 'Oulu', 'Uleåborg'],
  ['615', 'Pudasjärvi', 'Pudasjärvi'],
  ['625', 'Pyhäjoki', 'Pyhäjoki'],
  ['626', 'Pyhäjärvi', 'Pyhäjärvi'],
  ['630', 'Pyhäntä', 'Pyhäntä'],
  ['678', 'Raahe', 'Brahestad'],
  ['691', 'Reisjärvi', 'Reisjärvi'],
  ['746', 'Sievi', 'Sievi'],
  ['748', 'Siikajoki', 'Siikajoki'],
  ['791', 'Siikalatva', 'Siikalatva'],
  ['832', 'Taivalkoski', 'Taivalkoski'],
  ['859', 'Tyrnävä', 'Tyrnävä'],
  ['889', 'Utajärvi', 'Utajärvi'],
  ['785', 'Vaala', 'Vaala'],
  ['977', 'Ylivieska', 'Ylivieska'],
];

export function municipalityName(code) {
  const found = MUNICIPALITIES.find(([one]) => one === code);
  if (!found)
    return code || '';
  return getLanguage() === 'sv' ? found[2] : found[1];
}
