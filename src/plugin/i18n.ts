import { russianLayerName, russianLevelName } from "../core/defaults";
import type { LayerDef, LevelDef, PropertyNames } from "../core/types";

/**
 * Every string the plugin shows, in English and Russian (spec §7), chosen from Obsidian's language. Both
 * dictionaries have the same keys and the same `{placeholders}` (a test checks it). Layer and level names of the
 * defaults are shown in the user's language; names the user typed are shown as typed.
 */

export type Lang = "en" | "ru";

/** `ru`, `ru-RU` → Russian; everything else → English. */
export function languageOf(code: string | null | undefined): Lang {
  return typeof code === "string" && code.toLowerCase().startsWith("ru") ? "ru" : "en";
}

const EN = {
  // Commands, ribbon, view
  commandSetLayer: "Set curriculum layer",
  commandEstimate: "Estimate coverage",
  commandOpenGraph: "Open layer graph",
  viewTitle: "Layer graph",

  // Layer picker
  pickerPlaceholder: "Layer of {note}",
  pickerCurrent: "current",
  pickerEmpty: "No layer matches.",
  setLayerDone: "{note}: layer set to {layer}.",
  setLayerFailed: "Could not set the layer of {note}: {error}",

  // Estimate coverage
  estimateWaiting: "Still reading the vault; the report follows as soon as the index is ready.",
  estimateDone: "Level reached: {level}. Bottleneck: {layer} ({coverage} covered).",
  estimateBeside: "{path} is not a report written by this plugin, so the report went to {written}.",
  estimateFailed: "Could not write the report: {error}",
  noLevel: "none yet",
  noLayer: "none",

  // Status bar
  statusIndexing: "Layers: indexing…",
  statusLayer: "{layer} · {coverage}",
  statusNoLayer: "No layer",
  statusNotCounted: "Not counted",
  statusTooltip: "Curriculum layer of this note and the coverage of that layer. Click to set the layer.",

  // Layer graph pane
  viewIndexing: "Reading the vault…",
  viewLayer: "Layer",
  viewCoverage: "Coverage",
  viewRemainingPages: "Remaining pages",
  viewSummary: "Target: {target}. Level reached: {level}. Bottleneck: {layer}.",
  viewNoGraph: "The graph cannot be drawn here; the table shows the figures.",

  // Loading data.json
  loadProblems: "Knowledge layers: these settings in data.json are not valid, so their defaults are used until you change them in the settings: {keys}",
  loadUnknown: "Knowledge layers: data.json holds settings this version does not use; they are kept in the file: {keys}",

  // Settings tab: layers
  headingLayers: "Layers",
  layersDesc: "Ordered from foundations (first) to meta (last). A note's layer is read from its layer property, then a tag, then a folder rule; an id, a name or an alias matches.",
  layerTitle: "{index}. {name}",
  layerName: "Name",
  layerId: "Id",
  layerAliases: "Aliases, separated by commas",
  layerShare: "Share",
  layerMoveUp: "Move up",
  layerMoveDown: "Move down",
  layerRemove: "Remove layer",
  layerAdd: "Add layer",
  layerNewName: "New layer",
  layerIdKept: "The old id {old} is kept as an alias of {id}, so notes tagged with it still count.",

  // Settings tab: target and volume
  headingTarget: "Target",
  target: "Target level",
  targetDesc: "The level of expertise the plan aims at, or a number of tokens of your own.",
  targetCustom: "A number of tokens",
  targetTokens: "Target tokens",
  targetTokensDesc: "Used when the target level is a number of tokens.",
  levelOption: "{name} ({tokens} tokens)",
  headingVolume: "Volume",
  pageSize: "Page size",
  pageSizeDesc: "Tokens per page: converts a pages property into tokens and the remaining volume into pages.",
  presetDense: "Dense page, 1,000 tokens (the founding document's ratio)",
  presetBookEn: "Printed English book page, 375 tokens",
  presetStandardRu: "Russian standard page of 1,800 characters, 450 tokens",
  presetCustom: "Custom",
  pageTokens: "Tokens per page",
  bookTokens: "Tokens per book",
  bookTokensDesc: "Converts a books property into tokens.",
  tokensPerWord: "Tokens per word",
  tokensPerWordDesc: "For words and note text without Cyrillic letters.",
  tokensPerWordCyrillic: "Tokens per Cyrillic word",
  tokensPerWordCyrillicDesc: "For Cyrillic words, and for a words property when the note's language is ru, uk or be.",

  // Settings tab: quality
  headingQuality: "Quality",
  defaultQuality: "Default quality",
  defaultQualityDesc: "From 0 to 1: used when a note has neither a quality property nor a source type with a weight.",
  sourceTypes: "Source type weights",
  sourceTypesDesc: "The quality weight of each source type, from 0 to 1 (density relative to textbook-grade text).",
  sourceTypeName: "Source type",
  sourceTypeWeight: "Weight",
  sourceTypeAdd: "Add source type",
  sourceTypeRemove: "Remove source type",
  sourceTypeNew: "new type",

  // Settings tab: facets, folders, tags, properties, report, exclusions
  headingFacets: "Facets",
  facets: "Facet list",
  facetsDesc: "One facet id per line: the marks of expert thinking each concept should be linked with.",
  headingFolders: "Folder rules",
  foldersDesc: "A note that names no layer takes the layer of its folder; the longest matching folder wins.",
  folderPath: "Folder",
  folderAdd: "Add folder rule",
  folderRemove: "Remove folder rule",
  headingTags: "Tags",
  tagPrefix: "Layer tag prefix",
  tagPrefixDesc: "With the prefix layer, the tag #layer/facts puts a note into the facts layer.",
  facetTagPrefix: "Facet tag prefix",
  facetTagPrefixDesc: "With the prefix facet, the tag #facet/causality gives a note the causality facet.",
  checkTag: "Check tag",
  checkTagDesc: "A note with this tag is a check.",
  headingProperties: "Property names",
  propertiesDesc: "The frontmatter properties read from each note.",
  headingReport: "Report",
  reportPath: "Report note",
  reportPathDesc: "Where the estimate coverage command writes the report. An existing note there is replaced only if it is a report this plugin wrote.",
  headingExclusions: "Exclusions",
  exclude: "Excluded folders",
  excludeDesc: "One folder per line; notes inside are not counted.",

  // Validation
  errorNotNumber: "“{value}” is not a number.",
  errorNotPositive: "Enter a number greater than 0.",
  errorNotUnit: "Enter a number from 0 to 1.",
  errorEmpty: "This cannot be empty.",
  errorDuplicateId: "Another layer already has the id {id}.",
  errorDuplicateSourceType: "The source type {name} is already listed.",
  errorDuplicateFolder: "The folder {name} already has a rule.",
  errorLastLayer: "At least one layer is needed.",
  errorTooManyFacets: "At most {max} facets can be tracked; this list has {count}. Remove a facet before adding another.",
  errorNotSaved: "Not saved: {key}: {message}",
} as const;

export type MessageKey = keyof typeof EN;

const RU: Record<MessageKey, string> = {
  commandSetLayer: "Задать слой учебного плана",
  commandEstimate: "Оценить покрытие",
  commandOpenGraph: "Открыть граф слоёв",
  viewTitle: "Граф слоёв",

  pickerPlaceholder: "Слой заметки {note}",
  pickerCurrent: "сейчас",
  pickerEmpty: "Такого слоя нет.",
  setLayerDone: "{note}: слой — {layer}.",
  setLayerFailed: "Не удалось задать слой заметки {note}: {error}",

  estimateWaiting: "Хранилище ещё читается; отчёт появится, как только индекс будет готов.",
  estimateDone: "Достигнутый уровень: {level}. Узкое место: {layer} (покрыто {coverage}).",
  estimateBeside: "{path} — не отчёт этого плагина, поэтому отчёт записан в {written}.",
  estimateFailed: "Не удалось записать отчёт: {error}",
  noLevel: "пока нет",
  noLayer: "нет",

  statusIndexing: "Слои: индексация…",
  statusLayer: "{layer} · {coverage}",
  statusNoLayer: "Без слоя",
  statusNotCounted: "Не учитывается",
  statusTooltip: "Слой учебного плана этой заметки и покрытие этого слоя. Нажмите, чтобы задать слой.",

  viewIndexing: "Хранилище читается…",
  viewLayer: "Слой",
  viewCoverage: "Покрытие",
  viewRemainingPages: "Осталось страниц",
  viewSummary: "Цель: {target}. Достигнутый уровень: {level}. Узкое место: {layer}.",
  viewNoGraph: "Граф здесь нарисовать нельзя; цифры — в таблице.",

  loadProblems: "Слои знаний: эти настройки в data.json неверны, поэтому действуют значения по умолчанию, пока вы не измените их в настройках: {keys}",
  loadUnknown: "Слои знаний: в data.json есть настройки, которые эта версия не использует; они сохранены в файле: {keys}",

  headingLayers: "Слои",
  layersDesc: "По порядку от основ (первый) до мета-уровня (последний). Слой заметки берётся из свойства слоя, затем из тега, затем из правила папки; подходит идентификатор, название или синоним.",
  layerTitle: "{index}. {name}",
  layerName: "Название",
  layerId: "Идентификатор",
  layerAliases: "Синонимы через запятую",
  layerShare: "Доля",
  layerMoveUp: "Выше",
  layerMoveDown: "Ниже",
  layerRemove: "Удалить слой",
  layerAdd: "Добавить слой",
  layerNewName: "Новый слой",
  layerIdKept: "Старый идентификатор {old} сохранён как синоним слоя {id}, и заметки с ним по-прежнему учитываются.",

  headingTarget: "Цель",
  target: "Целевой уровень",
  targetDesc: "Уровень экспертизы, на который рассчитан план, или своё число токенов.",
  targetCustom: "Число токенов",
  targetTokens: "Токенов в цели",
  targetTokensDesc: "Действует, когда целевой уровень — число токенов.",
  levelOption: "{name} ({tokens} токенов)",
  headingVolume: "Объём",
  pageSize: "Размер страницы",
  pageSizeDesc: "Токенов на страницу: переводит свойство pages в токены, а оставшийся объём — в страницы.",
  presetDense: "Плотная страница, 1000 токенов (соотношение исходного документа)",
  presetBookEn: "Страница английской книги, 375 токенов",
  presetStandardRu: "Учётная страница 1800 знаков, 450 токенов",
  presetCustom: "Свой размер",
  pageTokens: "Токенов на страницу",
  bookTokens: "Токенов в книге",
  bookTokensDesc: "Переводит свойство books в токены.",
  tokensPerWord: "Токенов на слово",
  tokensPerWordDesc: "Для слов и текста заметок без кириллицы.",
  tokensPerWordCyrillic: "Токенов на слово кириллицей",
  tokensPerWordCyrillicDesc: "Для слов кириллицей, а также для свойства words, если язык заметки — ru, uk или be.",

  headingQuality: "Качество",
  defaultQuality: "Качество по умолчанию",
  defaultQualityDesc: "От 0 до 1: когда у заметки нет ни свойства качества, ни типа источника с весом.",
  sourceTypes: "Веса типов источников",
  sourceTypesDesc: "Вес качества каждого типа источника, от 0 до 1 (плотность относительно учебника).",
  sourceTypeName: "Тип источника",
  sourceTypeWeight: "Вес",
  sourceTypeAdd: "Добавить тип источника",
  sourceTypeRemove: "Удалить тип источника",
  sourceTypeNew: "новый тип",

  headingFacets: "Грани",
  facets: "Список граней",
  facetsDesc: "По одному идентификатору грани в строке: признаки экспертного мышления, с которыми должно быть связано каждое понятие.",
  headingFolders: "Правила папок",
  foldersDesc: "Заметка, не указавшая слой, получает слой своей папки; выигрывает самая длинная подходящая папка.",
  folderPath: "Папка",
  folderAdd: "Добавить правило папки",
  folderRemove: "Удалить правило папки",
  headingTags: "Теги",
  tagPrefix: "Префикс тега слоя",
  tagPrefixDesc: "С префиксом layer тег #layer/facts помещает заметку в слой facts.",
  facetTagPrefix: "Префикс тега грани",
  facetTagPrefixDesc: "С префиксом facet тег #facet/causality даёт заметке грань causality.",
  checkTag: "Тег проверки",
  checkTagDesc: "Заметка с этим тегом — проверка.",
  headingProperties: "Имена свойств",
  propertiesDesc: "Свойства frontmatter, которые читаются у каждой заметки.",
  headingReport: "Отчёт",
  reportPath: "Заметка отчёта",
  reportPathDesc: "Куда команда оценки покрытия записывает отчёт. Существующая заметка заменяется, только если это отчёт этого плагина.",
  headingExclusions: "Исключения",
  exclude: "Исключённые папки",
  excludeDesc: "По одной папке в строке; заметки в них не учитываются.",

  errorNotNumber: "«{value}» — не число.",
  errorNotPositive: "Введите число больше 0.",
  errorNotUnit: "Введите число от 0 до 1.",
  errorEmpty: "Поле не может быть пустым.",
  errorDuplicateId: "Идентификатор {id} уже есть у другого слоя.",
  errorDuplicateSourceType: "Тип источника {name} уже есть в списке.",
  errorDuplicateFolder: "Для папки {name} правило уже есть.",
  errorLastLayer: "Нужен хотя бы один слой.",
  errorTooManyFacets: "Можно отслеживать не больше {max} граней, а в списке {count}. Удалите грань, прежде чем добавить новую.",
  errorNotSaved: "Не сохранено: {key}: {message}",
};

/** The dictionaries, for the test that both have every key. */
export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en: EN, ru: RU };

/** Labels of the property-name settings. */
const PROPERTY_LABELS: Record<Lang, Record<keyof PropertyNames, string>> = {
  en: {
    layer: "Layer",
    kind: "Kind",
    tokens: "Tokens",
    words: "Words",
    pages: "Pages",
    books: "Books",
    quality: "Quality",
    sourceType: "Source type",
    domain: "Domain",
    module: "Module",
    facet: "Facet",
    facets: "Facets",
    requires: "Prerequisites",
    lang: "Language",
  },
  ru: {
    layer: "Слой",
    kind: "Вид",
    tokens: "Токены",
    words: "Слова",
    pages: "Страницы",
    books: "Книги",
    quality: "Качество",
    sourceType: "Тип источника",
    domain: "Область",
    module: "Модуль",
    facet: "Грань",
    facets: "Грани",
    requires: "Предпосылки",
    lang: "Язык",
  },
};

export type Translate = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) => string;

/** The strings of the UI in one language. */
export class Texts {
  readonly t: Translate;

  constructor(readonly lang: Lang) {
    const dict = MESSAGES[lang];
    this.t = (key, vars) => fill(dict[key], vars);
  }

  propertyLabel(name: keyof PropertyNames): string {
    return PROPERTY_LABELS[this.lang][name];
  }

  /** A layer's name as the user should read it: the Russian name of a default layer left as it was, else as typed. */
  layerName(layer: Pick<LayerDef, "id" | "name">): string {
    return (this.lang === "ru" ? russianLayerName(layer) : undefined) ?? layer.name;
  }

  levelName(level: Pick<LevelDef, "id" | "name">): string {
    return (this.lang === "ru" ? russianLevelName(level) : undefined) ?? level.name;
  }
}

/** `{name}` placeholders replaced by their values; an unknown placeholder is left as written. */
export function fill(template: string, vars?: Readonly<Record<string, string | number>>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole));
}
