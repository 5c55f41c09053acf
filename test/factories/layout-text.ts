import type { LayoutLabels } from '../../src/rendering/layout/model';

/** Real text for the layout fixtures: interface labels and sentences in each language. */

export type FixtureLang = 'en' | 'az' | 'uk' | 'ru' | 'ar' | 'fa';

/** Interface strings as the locales have them (fixed here so tests do not follow copy edits). */
export const LABELS: Record<FixtureLang, Omit<LayoutLabels, 'cover' | 'closing'>> = {
  en: {
    pageOf: 'Page {n} of {m}',
    contents: 'Contents',
    listItem: '{n}.',
    separator: ' · ',
    sampleNotice: 'Sample content: this text has not yet been reviewed by the institution.',
    draftMark: 'Draft — not published',
    contact: { phone: 'Phone', address: 'Address', hours: 'Opening hours', email: 'E-mail', web: 'Website' },
  },
  az: {
    pageOf: 'Səhifə {n} / {m}',
    contents: 'Mündəricat',
    listItem: '{n}.',
    separator: ' · ',
    sampleNotice: 'Nümunə məzmun: bu mətn hələ qurum tərəfindən yoxlanılmayıb.',
    draftMark: 'Qaralama — dərc olunmayıb',
    contact: { phone: 'Telefon', address: 'Ünvan', hours: 'İş saatları', email: 'E-poçt', web: 'Veb-sayt' },
  },
  uk: {
    pageOf: 'Сторінка {n} з {m}',
    contents: 'Зміст',
    listItem: '{n}.',
    separator: ' · ',
    sampleNotice: 'Зразок вмісту: цей текст ще не перевірений установою.',
    draftMark: 'Чернетка — не опубліковано',
    contact: { phone: 'Телефон', address: 'Адреса', hours: 'Години роботи', email: 'Електронна пошта', web: 'Вебсайт' },
  },
  ru: {
    pageOf: 'Страница {n} из {m}',
    contents: 'Содержание',
    listItem: '{n}.',
    separator: ' · ',
    sampleNotice: 'Образец содержания: этот текст ещё не проверен учреждением.',
    draftMark: 'Черновик — не опубликовано',
    contact: { phone: 'Телефон', address: 'Адрес', hours: 'Часы работы', email: 'Электронная почта', web: 'Сайт' },
  },
  ar: {
    pageOf: 'الصفحة {n} من {m}',
    contents: 'المحتويات',
    listItem: '{n}-',
    separator: '؛ ',
    sampleNotice: 'محتوى نموذجي: لم تراجع المؤسسة هذا النص بعد.',
    draftMark: 'مسودة — غير منشورة',
    contact: { phone: 'الهاتف', address: 'العنوان', hours: 'ساعات العمل', email: 'البريد الإلكتروني', web: 'الموقع الإلكتروني' },
  },
  fa: {
    pageOf: 'صفحهٔ {n} از {m}',
    contents: 'فهرست مطالب',
    listItem: '{n}-',
    separator: '؛ ',
    sampleNotice: 'محتوای نمونه: این متن هنوز توسط نهاد بررسی نشده است.',
    draftMark: 'پیش‌نویس — منتشرنشده',
    contact: { phone: 'تلفن', address: 'نشانی', hours: 'ساعات کاری', email: 'رایانامه', web: 'وب‌سایت' },
  },
};

/** Real sentences per language: a title, section titles, paragraphs and list items. */
export const TEXT: Record<FixtureLang, { title: string; sections: string[]; paragraphs: string[]; items: string[] }> = {
  en: {
    title: 'Your right to information',
    sections: ['Who can ask for information', 'How to send a request', 'What happens next'],
    paragraphs: [
      'Everyone has the right to obtain information held by public bodies. You do not need to explain why you want it, and the answer is free of charge.',
      'You can send a request in writing, by e-mail or in person. The answer must be given within seven working days.',
      'If a request is refused, the refusal must give its reasons and tell you how to complain about it.',
    ],
    items: ['your name and address', 'the information you are asking for', 'how you want to receive the answer'],
  },
  az: {
    title: 'Məlumat əldə etmək hüququnuz',
    sections: ['Kim məlumat istəyə bilər', 'Sorğunu necə göndərmək olar', 'Sonra nə baş verir'],
    paragraphs: [
      'Məlumat əldə etmək hüququ: İstənilən şəxs sorğu göndərə bilər, ödənişsizdir.',
      'Sorğunu yazılı, elektron poçtla və ya şəxsən təqdim edə bilərsiniz. Cavab yeddi iş günü ərzində verilməlidir.',
      'Sorğu rədd edilərsə, imtina əsaslandırılmalı və şikayət qaydası göstərilməlidir. Qışda iş saatları dəyişə bilər.',
    ],
    items: ['adınız və ünvanınız', 'istədiyiniz məlumat', 'cavabı necə almaq istədiyiniz'],
  },
  uk: {
    title: 'Ваше право на інформацію',
    sections: ['Хто може просити інформацію', 'Як надіслати запит', 'Що відбувається далі'],
    paragraphs: [
      'Кожен має право на доступ до інформації; ґрунтовні відповіді — їхнє завдання, заявʼю.',
      'Запит можна подати письмово, електронною поштою або особисто. Відповідь надається протягом семи робочих днів.',
      'Якщо в запиті відмовлено, відмова має бути обґрунтованою і пояснювати, як її оскаржити.',
    ],
    items: ['ваше імʼя та адреса', 'інформація, яку ви просите', 'як ви хочете отримати відповідь'],
  },
  ru: {
    title: 'Ваше право на информацию',
    sections: ['Кто может запросить информацию', 'Как отправить запрос', 'Что происходит дальше'],
    paragraphs: [
      'Каждый имеет право на получение информации; ответ предоставляется бесплатно в течение семи рабочих дней.',
      'Запрос можно подать в письменной форме, по электронной почте или лично. Объяснять причину запроса не нужно.',
      'Если в запросе отказано, отказ должен быть обоснован и объяснять, как его обжаловать.',
    ],
    items: ['ваше имя и адрес', 'информация, которую вы запрашиваете', 'как вы хотите получить ответ'],
  },
  ar: {
    title: 'حقك في الحصول على المعلومات',
    sections: ['من يمكنه طلب المعلومات', 'كيف ترسل طلباً', 'ماذا يحدث بعد ذلك'],
    paragraphs: [
      'اتصل بالرقم 916 (مجاناً) واقرأ Law on the Right to Obtain Information قبل الزيارة.',
      'لكل شخص الحق في الحصول على المعلومات التي تحتفظ بها الجهات العامة. لا تحتاج إلى شرح سبب طلبك، والرد مجاني.',
      'يمكنك تقديم الطلب كتابياً أو بالبريد الإلكتروني أو شخصياً. يجب الرد خلال سبعة أيام عمل.',
    ],
    items: ['اسمك وعنوانك', 'المعلومات التي تطلبها', 'الطريقة التي تريد أن تتلقى بها الرد'],
  },
  fa: {
    title: 'حق شما برای دسترسی به اطلاعات',
    sections: ['چه کسی می‌تواند اطلاعات بخواهد', 'چگونه درخواست بفرستیم', 'پس از آن چه می‌شود'],
    paragraphs: [
      'شما می‌توانید با شماره 916 (رایگان) تماس بگیرید و Law on the Right to Obtain Information را پیش از مراجعه بخوانید.',
      'هر کسی حق دارد اطلاعاتی را که نهادهای دولتی در اختیار دارند دریافت کند. لازم نیست دلیل درخواست خود را توضیح دهید و پاسخ رایگان است.',
      'درخواست را می‌توانید کتبی، با رایانامه یا حضوری ارائه کنید. پاسخ باید ظرف هفت روز کاری داده شود.',
    ],
    items: ['نام و نشانی شما', 'اطلاعاتی که درخواست می‌کنید', 'روشی که می‌خواهید پاسخ را دریافت کنید'],
  },
};
