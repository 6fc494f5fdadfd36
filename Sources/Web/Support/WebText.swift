import Domain

/// Labels of the web cabinet in both languages. Refusals come from `Notice` in Core.
enum WebText {
    static func table(_ language: Language) -> [String: String] {
        var table: [String: String] = [:]
        for (key, pair) in entries { table[key] = language == .ru ? pair.0 : pair.1 }
        return table
    }

    private static let entries: [String: (String, String)] = [
        "brand": ("Кабинет", "Kabinet"),
        "footer": ("Личный кабинет абонента. Справочная служба: ", "Subscriber self-care. Help line: "),
        "login_title": ("Вход в личный кабинет", "Sign in to self-care"),
        "phone": ("Номер телефона", "Phone number"),
        "phone_hint": ("Например, 8 926 123-45-67", "For example, +7 926 123-45-67"),
        "password": ("Пароль", "Password"),
        "sign_in": ("Войти", "Sign in"),
        "get_password": ("Получить пароль по SMS", "Get a password by SMS"),
        "sim_hint": (
            "Пароль можно получить и с телефона: наберите *105*00# или отправьте SMS 00 на номер 000110.",
            "You can also get a password from the phone: dial *105*00# or text 00 to 000110."
        ),
        "demo_title": ("Демо-режим", "Demo mode"),
        "demo_text": (
            "SMS никуда не отправляются: все сообщения видны на странице",
            "No SMS leaves this server: every message is shown on the page"
        ),
        "outbox_link": ("Исходящие SMS", "Outgoing SMS"),
        "password_sent_to": ("Пароль отправлен в SMS на номер", "The password has been sent by SMS to"),
        "home_title": ("Личный кабинет", "Self-care"),
        "balance": ("Баланс", "Balance"),
        "bonus": ("Бонусные баллы", "Bonus points"),
        "tariff": ("Тариф", "Tariff"),
        "number": ("Номер", "Number"),
        "status": ("Статус", "Status"),
        "status_active": ("Обслуживается", "In service"),
        "login_settings": ("Настройки входа", "Login settings"),
        "sign_out": ("Выйти", "Sign out"),
        "settings_title": ("Настройки входа", "Login settings"),
        "mode_one_time": (
            "Сейчас вы входите по разовым паролям из SMS.", "You now sign in with one-time passwords sent by SMS."
        ),
        "mode_static": (
            "Сейчас вы входите по своему постоянному паролю.", "You now sign in with a permanent password of your own."
        ),
        "set_static_title": ("Свой постоянный пароль", "A permanent password of your own"),
        "policy": (
            "Не меньше 8 символов, без пробелов; не простой (не 12345678, не qwerty123) и без номера телефона. Забыли пароль — наберите *105*00#.",
            "At least 8 characters, no spaces; not a common one (not 12345678 or qwerty123) and without the phone number. Forgot it? Dial *105*00#."
        ),
        "new_password": ("Новый пароль", "New password"),
        "repeat_password": ("Повторите пароль", "Repeat the password"),
        "send_code": ("Получить код подтверждения", "Send a confirmation code"),
        "code_sent": (
            "Код подтверждения отправлен в SMS. Введите его ниже.",
            "A confirmation code has been sent by SMS. Enter it below."
        ),
        "code": ("Код из SMS", "Code from the SMS"),
        "confirm": ("Подтвердить", "Confirm"),
        "static_set": ("Готово: теперь вы входите по своему паролю.", "Done: you now sign in with your own password."),
        "use_one_time": ("Вернуться к разовым паролям из SMS", "Return to one-time SMS passwords"),
        "one_time_set": (
            "Готово: теперь вы входите по разовым паролям из SMS.", "Done: you now sign in with one-time SMS passwords."
        ),
        "passwords_differ": ("Пароли не совпадают.", "The passwords do not match."),
        "back_home": ("На главную", "Back to home"),
        "outbox_title": ("Исходящие SMS (демо)", "Outgoing SMS (demo)"),
        "outbox_empty": ("Сообщений пока нет. Запросите пароль.", "No messages yet. Request a password."),
        "to": ("Кому", "To"),
        "from": ("От", "From"),
        "time": ("Время (UTC)", "Time (UTC)"),
        "text": ("Текст", "Text"),
        "form_expired": (
            "Форма устарела. Обновите страницу и попробуйте ещё раз.",
            "The form has expired. Reload the page and try again."
        ),
        "enter_password": ("Введите пароль.", "Enter the password."),
        "not_found_title": ("Страница не найдена", "Page not found"),
        "not_found": ("Такой страницы нет. Проверьте адрес.", "There is no such page. Check the address."),
        "error_title": ("Что-то пошло не так", "Something went wrong"),
        "error_text": (
            "Мы не смогли выполнить запрос. Попробуйте ещё раз через минуту.",
            "We could not complete the request. Please try again in a minute."
        ),
        "bad_request": (
            "Запрос не понят. Вернитесь на страницу и заполните форму заново.",
            "The request was not understood. Go back and fill in the form again."
        ),
        "points": ("баллов", "points"),
        "topup_title": ("Пополнить счёт", "Top up"),
        "amount_rub": ("Сумма, ₽", "Amount, RUB"),
        "amount": ("Сумма", "Amount"),
        "upto": ("до", "to"),
        "pay_with": ("Способ оплаты", "Pay with"),
        "method_card": ("Банковская карта", "Bank card"),
        "method_wallet": ("Электронный кошелёк", "E-wallet"),
        "other_number": ("Пополнить другой номер (необязательно)", "Top up another number (optional)"),
        "other_number_hint": (
            "Оставьте пустым, чтобы пополнить свой номер. Данные карты вводятся только на странице платёжного сервиса.",
            "Leave empty to top up your own number. Card details are entered only on the payment service's page."
        ),
        "go_to_payment": ("Перейти к оплате", "Continue to payment"),
        "cards_disabled": (
            "Оплата картой пока не настроена оператором. Воспользуйтесь картой оплаты.",
            "Card payments are not configured by the operator yet. Use a scratch card."
        ),
        "voucher_title": ("Карта оплаты", "Scratch card"),
        "voucher_code": ("Код с карты оплаты (14 цифр)", "Scratch-card code (14 digits)"),
        "activate": ("Активировать", "Activate"),
        "voucher_done": ("Карта оплаты активирована, зачислено", "Scratch card activated, credited"),
        "recent_payments": ("Последние платежи", "Recent payments"),
        "payment_title": ("Платёж", "Payment"),
        "payment_succeeded": ("Оплата прошла, баланс пополнен.", "Payment successful, the balance has been topped up."),
        "payment_failed": ("Оплата не прошла, деньги не списаны.", "Payment failed; no money was taken."),
        "payment_pending": ("Ждём подтверждения от платёжного сервиса.", "Waiting for the payment service to confirm."),
        "refresh": ("Обновить", "Refresh"),
        "promised_title": ("Обещанный платёж", "Promised payment"),
        "promised_hint": (
            "Деньги зачисляются сразу и списываются из следующего пополнения или в срок. Срок, дней:",
            "The money arrives at once and is repaid from your next top-up or on the due date. Term, days:"
        ),
        "promised_repay_hint": (
            "Погашается автоматически из ближайших пополнений; в срок списывается то, что есть на балансе.",
            "Repaid automatically from your next top-ups; on the due date whatever the balance holds is collected."
        ),
        "promised_ussd": ("Также с телефона: *105*4#.", "Also from the phone: *105*4#."),
        "choose_amount": ("Выберите сумму", "Choose the amount"),
        "fee": ("плата", "fee"),
        "take_promised": ("Взять обещанный платёж", "Take the promised payment"),
        "promised_done": ("Обещанный платёж зачислен.", "The promised payment has been credited."),
        "outstanding": ("Осталось погасить", "Still owed"),
        "due": ("Срок", "Due"),
        "transfer_title": ("Перевод на другой номер", "Transfer to another number"),
        "recipient": ("Номер получателя", "Recipient number"),
        "commission": ("Комиссия", "Commission"),
        "total": ("Итого", "Total"),
        "confirm_transfer": ("Подтвердить перевод", "Confirm the transfer"),
        "transfer_code_sent": (
            "Код подтверждения отправлен вам в SMS.", "A confirmation code has been sent to you by SMS."
        ),
        "transfer_done": ("Перевод выполнен.", "The transfer is done."),
        "month_title": ("Расходы и пополнения", "Spending and top-ups"),
        "previous_month": ("Предыдущий месяц", "Previous month"),
        "next_month": ("Следующий месяц", "Next month"),
        "incoming": ("Пополнения", "Money in"),
        "outgoing": ("Расходы", "Money out"),
        "nothing": ("Нет операций.", "No operations."),
        "chart_caption": ("Расходы по дням месяца", "Money out per day of the month"),
        "bonus_title": ("Бонусная программа", "Bonus programme"),
        "join_bonus": ("Подключиться к бонусной программе", "Join the bonus programme"),
        "bonus_joined": ("Вы участник бонусной программы.", "You have joined the bonus programme."),
        "member_since": ("Участник с", "Member since"),
        "rewards": ("Вознаграждения", "Rewards"),
        "redeem": ("Обменять", "Redeem"),
        "redeemed": ("Баллы обменяны:", "Points redeemed:"),
        "history": ("История баллов", "Points history"),
        "tariff_title": ("Тариф", "Tariff"),
        "blacklist_title": ("Чёрный список", "Blacklist"),
        "blacklist_hint": (
            "Звонки и SMS с этих номеров сеть не будет пропускать к вам.",
            "The network will not put calls and SMS from these numbers through to you."
        ),
        "blacklist_empty": ("Список пуст.", "The list is empty."),
        "blacklist_number": ("Номер", "Number"),
        "add": ("Добавить", "Add"),
        "remove": ("Удалить", "Remove"),
        "blacklist_added": ("Номер добавлен в чёрный список:", "Added to the blacklist:"),
        "blacklist_removed": ("Номер удалён из чёрного списка:", "Removed from the blacklist:"),
        "options_title": ("Услуги и опции", "Options and services"),
        "connected_options": ("Подключено", "Connected"),
        "option_catalogue": ("Можно подключить", "Available"),
        "no_options": ("Ничего не подключено.", "Nothing is connected."),
        "since": ("с", "since"),
        "connect": ("Подключить", "Connect"),
        "disconnect": ("Отключить", "Disconnect"),
        "cancel": ("Отмена", "Cancel"),
        "option_confirm": ("Подключить", "Connect"),
        "option_confirm_cost": ("С баланса сейчас будет списано", "Charged from the balance now:"),
        "option_connected": ("Услуга подключена.", "The option is connected."),
        "option_disconnected": ("Услуга отключена.", "The option is disconnected."),
        "included": ("Включено", "Included"),
        "beyond_packages": ("Сверх пакетов", "Beyond the packages"),
        "open_tariffs": ("Другие тарифы", "Other tariffs"),
        "tariff_unknown": (
            "Условия вашего тарифа пока не загружены в каталог. Справки по телефону контактного центра.",
            "Your tariff's terms are not in the catalogue yet. Please call the contact centre."
        ),
        "tariff_change_hint": (
            "Сменить тариф можно в контактном центре; смена в личном кабинете появится в следующей версии.",
            "To change the tariff, call the contact centre; changing it here comes in the next version."
        ),
        "catalogue_version": ("Версия каталога:", "Catalogue version:"),
        "offers_title": ("Персональные предложения", "Personal offers"),
        "no_offers": ("Сейчас для вас нет персональных предложений.", "There are no personal offers for you right now."),
    ]
}
