<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
    <context>
        <name>AccountForm</name>
        <message>
            <source>Supabase URL</source>
            <translation>URL do Supabase</translation>
        </message>
        <message>
            <source>Anon key</source>
            <translation>Chave anon</translation>
        </message>
        <message>
            <source>The project's public anon key</source>
            <translation>A chave pública anon do projeto</translation>
        </message>
        <message>
            <source>The URL and the anon key are in Supabase under Project Settings → API.</source>
            <translation>A URL e a chave anon ficam no Supabase, em Project Settings → API.</translation>
        </message>
        <message>
            <source>Sign out</source>
            <translation>Sair da conta</translation>
        </message>
        <message>
            <source>The address of your Supabase project.</source>
            <translation>O endereço do seu projeto Supabase.</translation>
        </message>
        <message>
            <source>The project's public anon key, from Project Settings → API.</source>
            <translation>A chave anon pública do projeto, em Project Settings → API.</translation>
        </message>
        <message>
            <source>Signing in</source>
            <translation>Entrando</translation>
        </message>
        <message>
            <source>Shown while the sign-in is under way.</source>
            <translation>Aparece enquanto a entrada está em andamento.</translation>
        </message>
        <message>
            <source>The e-mail you sign in with.</source>
            <translation>O e-mail com que você entra.</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Your password; it is not stored.</source>
            <translation>Sua senha; ela não é guardada.</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Senha</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Entrar</translation>
        </message>
        <message>
            <source>Signs in with these details (Enter in any field does the same).</source>
            <translation>Entra com estes dados (Enter em qualquer campo faz o mesmo).</translation>
        </message>
        <message>
            <source>Signs out and removes the saved session from this computer.</source>
            <translation>Sai da conta e apaga a sessão guardada neste computador.</translation>
        </message>
        <message>
            <source>Signed in as %1</source>
            <translation>Conectado como %1</translation>
        </message>
        <message>
            <source>Catch-up: exact (xid)</source>
            <translation>Recuperação: exata (xid)</translation>
        </message>
        <message>
            <source>Catch-up: timestamp fallback; apply resources/sql/002_change_xid.sql</source>
            <translation>Recuperação: por horário (alternativa); aplique resources/sql/002_change_xid.sql</translation>
        </message>
        <message>
            <source>Enter the project URL, for example https://xyz.supabase.co.</source>
            <translation>Informe a URL do projeto, por exemplo https://xyz.supabase.co.</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>Ocultar</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Mostrar</translation>
        </message>
        <message>
            <source>Hide the anon key</source>
            <translation>Ocultar a chave anon</translation>
        </message>
        <message>
            <source>Show the anon key</source>
            <translation>Mostrar a chave anon</translation>
        </message>
        <message>
            <source>Shows or hides the anon key as you type it.</source>
            <translation>Mostra ou oculta a chave anon enquanto você a digita.</translation>
        </message>
    </context>
    <context>
        <name>AlertsForm</name>
        <message>
            <source>Notify me about</source>
            <translation>Notificar quando houver</translation>
        </message>
        <message>
            <source>Limits</source>
            <translation>Limites</translation>
        </message>
        <message>
            <source>Excellent score from</source>
            <translation>Score excelente a partir de</translation>
        </message>
        <message>
            <source>Low score up to</source>
            <translation>Score baixo até</translation>
        </message>
        <message>
            <source>Keep alerts in the inbox for</source>
            <translation>Manter alertas na caixa de entrada por</translation>
        </message>
        <message>
            <source> s</source>
            <comment>seconds</comment>
            <translation> s</translation>
        </message>
        <message>
            <source>Send test notification</source>
            <translation>Enviar notificação de teste</translation>
        </message>
        <message>
            <source>Show a notification for this kind of alert.</source>
            <translation>Mostrar uma notificação para este tipo de alerta.</translation>
        </message>
        <message>
            <source>A comment someone else writes on a call you own. It arrives at once; with the Broadcast or Ably source, only where the server has resources/sql/008_comment_alerts.sql, otherwise at the next reconciliation (every 2 minutes by default).</source>
            <translation>Um comentário de outra pessoa numa call sua. Chega na hora; com a fonte broadcast ou Ably, só se o servidor tiver resources/sql/008_comment_alerts.sql, senão na próxima conferência com o servidor (a cada 2 minutos, por padrão).</translation>
        </message>
        <message>
            <source>Scores from this value up are alerted as excellent.</source>
            <translation>Scores a partir deste valor são alertados como excelentes.</translation>
        </message>
        <message>
            <source>Scores up to this value are alerted as low.</source>
            <translation>Scores até este valor são alertados como baixos.</translation>
        </message>
        <message>
            <source>How long, in seconds, an alert stays in the tray's recent alerts.</source>
            <translation>Por quantos segundos um alerta fica nos alertas recentes da bandeja.</translation>
        </message>
        <message>
            <source>Shows a sample notification now, to check that notifications appear.</source>
            <translation>Mostra agora uma notificação de exemplo, para conferir que as notificações aparecem.</translation>
        </message>
        <message>
            <source>The low-score limit must be below the excellent-score limit.</source>
            <translation>O limite de score baixo precisa ser menor que o de score excelente.</translation>
        </message>
    </context>
    <context>
        <name>AppText</name>
        <message>
            <source>Offline since %1 — %2</source>
            <translation>Desconectado desde %1 — %2</translation>
        </message>
        <message>
            <source>Offline since %1</source>
            <translation>Desconectado desde %1</translation>
        </message>
        <message>
            <source>no network</source>
            <translation>sem rede</translation>
        </message>
        <message>
            <source>server unreachable, retrying</source>
            <translation>servidor inacessível, tentando de novo</translation>
        </message>
        <message>
            <source>Limited mode — updates every %1 s</source>
            <translation>Modo limitado — atualizações a cada %1 s</translation>
        </message>
        <message>
            <source>Realtime — broadcast from the database</source>
            <translation>Realtime — broadcast do banco de dados</translation>
        </message>
        <message>
            <source>Ably — channel per owner (outbox)</source>
            <translation>Ably — canal por dono (outbox)</translation>
        </message>
        <message>
            <source>Realtime — database changes (postgres_changes)</source>
            <translation>Realtime — mudanças do banco (postgres_changes)</translation>
        </message>
        <message>
            <source>Live source: %1</source>
            <translation>Fonte ao vivo: %1</translation>
        </message>
        <message>
            <source>Testing the proxy…</source>
            <translation>Testando o proxy…</translation>
        </message>
        <message>
            <source>The proxy works: the API and the realtime connection answer.</source>
            <translation>O proxy funciona: a API e a conexão em tempo real respondem.</translation>
        </message>
        <message>
            <source>The proxy lets the API through but refuses the realtime connection (websocket): alerts will come in limited mode, every few seconds.</source>
            <translation>O proxy deixa passar a API, mas recusa a conexão em tempo real (websocket): os alertas chegarão no modo limitado, a cada poucos segundos.</translation>
        </message>
        <message>
            <source>Connecting to Supabase…</source>
            <translation>Conectando ao Supabase…</translation>
        </message>
        <message>
            <source>Sign in again in the settings</source>
            <translation>Entre novamente nas configurações</translation>
        </message>
        <message>
            <source>Open the settings to sign in</source>
            <translation>Abra as configurações para entrar</translation>
        </message>
        <message>
            <source>Signing in…</source>
            <translation>Entrando…</translation>
        </message>
        <message>
            <source>Sending the code…</source>
            <translation>Enviando o código…</translation>
        </message>
        <message>
            <source>Code sent to %1. Type the 6 digits from the e-mail.</source>
            <translation>Código enviado para %1. Digite os 6 números do e-mail.</translation>
        </message>
        <message>
            <source>Continue in your browser…</source>
            <translation>Continue no navegador…</translation>
        </message>
        <message>
            <source>Starting the demonstration…</source>
            <translation>Iniciando a demonstração…</translation>
        </message>
        <message>
            <source>Test notification</source>
            <translation>Notificação de teste</translation>
        </message>
        <message>
            <source>Notifications from Calls Notifier are working.</source>
            <translation>As notificações do Calls Notifier estão funcionando.</translation>
        </message>
        <message>
            <source>Connection lost</source>
            <translation>Conexão perdida</translation>
        </message>
        <message>
            <source>Alerts will arrive as soon as the connection is back.</source>
            <translation>Os alertas chegarão assim que a conexão voltar.</translation>
        </message>
        <message>
            <source>Connected again</source>
            <translation>Conectado novamente</translation>
        </message>
        <message>
            <source>Nothing was missed: what happened meanwhile was caught up.</source>
            <translation>Nada foi perdido: o que aconteceu nesse meio-tempo foi recuperado.</translation>
        </message>
        <message>
            <source>Local history recreated</source>
            <translation>Histórico local recriado</translation>
        </message>
        <message>
            <source>Comment alerts on hold</source>
            <translation>Alertas de comentários em pausa</translation>
        </message>
        <message>
            <source>Diagnostics copied</source>
            <translation>Diagnóstico copiado</translation>
        </message>
        <message>
            <source>Paste it into your message to support.</source>
            <translation>Cole-o na sua mensagem para o suporte.</translation>
        </message>
    </context>
    <context>
        <name>CallWindow</name>
        <message>
            <source>Scorecard</source>
            <translation>Scorecard</translation>
        </message>
        <message>
            <source>Insights</source>
            <translation>Insights</translation>
        </message>
        <message>
            <source>Transcription</source>
            <translation>Transcrição</translation>
        </message>
        <message>
            <source>No scorecard yet.</source>
            <translation>Ainda não há scorecard.</translation>
        </message>
        <message>
            <source>No insights yet.</source>
            <translation>Ainda não há insights.</translation>
        </message>
        <message>
            <source>Waiting for transcription...</source>
            <translation>Aguardando transcrição...</translation>
        </message>
        <message>
            <source>Loading call…</source>
            <translation>Carregando call…</translation>
        </message>
        <message>
            <source>Call details</source>
            <translation>Detalhes da call</translation>
        </message>
        <message>
            <source>Scorecard, insights and transcription; Ctrl+Tab switches between them.</source>
            <translation>Scorecard, insights e transcrição; Ctrl+Tab alterna entre eles.</translation>
        </message>
        <message>
            <source>Each criterion of the call's scorecard with its value.</source>
            <translation>Cada critério do scorecard da call, com seu valor.</translation>
        </message>
        <message>
            <source>What the analysis found in the call (read-only).</source>
            <translation>O que a análise encontrou na call (somente leitura).</translation>
        </message>
        <message>
            <source>The call's transcription, updated live while it is transcribed (read-only).</source>
            <translation>A transcrição da call, atualizada ao vivo enquanto é transcrita (somente leitura).</translation>
        </message>
        <message>
            <source>Unknown company</source>
            <translation>Empresa desconhecida</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Score</translation>
        </message>
        <message>
            <source>Score: %1</source>
            <translation>Score: %1</translation>
        </message>
        <message>
            <source>The call's score, from 0 to 100.</source>
            <translation>O score da call, de 0 a 100.</translation>
        </message>
        <message>
            <source>Last update: %1</source>
            <translation>Última atualização: %1</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Valor</translation>
        </message>
    </context>
    <context>
        <name>CallsListWindow</name>
        <message>
            <source>All</source>
            <translation>Todos</translation>
        </message>
        <message numerus="yes">
            <source>%n call(s)</source>
            <translation>
                <numerusform>%n call</numerusform>
                <numerusform>%n calls</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n new call(s) — click to mark as read</source>
            <translation>
                <numerusform>%n nova call — clique para marcar como lida</numerusform>
                <numerusform>%n novas calls — clique para marcar como lidas</numerusform>
            </translation>
        </message>
        <message>
            <source>Marks the new calls as read, here and in the tray</source>
            <translation>Marca as calls novas como lidas, aqui e na bandeja</translation>
        </message>
        <message>
            <source>Calls — Calls Notifier</source>
            <translation>Calls — Calls Notifier</translation>
        </message>
        <message>
            <source>&amp;Status:</source>
            <translation>&amp;Status:</translation>
        </message>
        <message>
            <source>S&amp;core:</source>
            <translation>S&amp;core:</translation>
        </message>
        <message>
            <source>Low</source>
            <translation>Baixo</translation>
        </message>
        <message>
            <source>Regular</source>
            <translation>Regular</translation>
        </message>
        <message>
            <source>Excellent</source>
            <translation>Excelente</translation>
        </message>
        <message>
            <source>Not scored</source>
            <translation>Sem score</translation>
        </message>
        <message>
            <source>Team's calls</source>
            <translation>Calls da equipe</translation>
        </message>
        <message>
            <source>My calls</source>
            <translation>Minhas calls</translation>
        </message>
        <message>
            <source>Calls</source>
            <translation>Calls</translation>
        </message>
        <message>
            <source>Today's calls, newest first</source>
            <translation>Calls de hoje, as mais novas primeiro</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Shows only the calls in this status</source>
            <translation>Mostra só as calls neste status</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Score</translation>
        </message>
        <message>
            <source>Shows only the calls in this score band</source>
            <translation>Mostra só as calls nesta faixa de score</translation>
        </message>
        <message>
            <source>Whose calls</source>
            <translation>De quem</translation>
        </message>
        <message>
            <source>Only my calls, or the team's</source>
            <translation>Só as minhas calls, ou as da equipe</translation>
        </message>
        <message>
            <source>No calls to show with these filters.</source>
            <translation>Nenhuma call com estes filtros.</translation>
        </message>
    </context>
    <context>
        <name>CallsModel</name>
        <message>
            <source>Time</source>
            <translation>Hora</translation>
        </message>
        <message>
            <source>Company</source>
            <translation>Empresa</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Score</translation>
        </message>
        <message>
            <source>Analysis</source>
            <translation>Análise</translation>
        </message>
    </context>
    <context>
        <name>ClaimBar</name>
        <message>
            <source>I'll call back</source>
            <translation>Vou retornar</translation>
        </message>
        <message>
            <source>%1 will call back</source>
            <translation>%1 vai retornar</translation>
        </message>
    </context>
    <context>
        <name>CommentsPanel</name>
        <message>
            <source>Sending…</source>
            <translation>Enviando…</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Enviar</translation>
        </message>
        <message>
            <source>The comment could not be sent: %1</source>
            <translation>O comentário não foi enviado: %1</translation>
        </message>
        <message>
            <source>Comments</source>
            <translation>Comentários</translation>
        </message>
        <message>
            <source>Not live in this window: the server refused the call's room. New comments, and who else has the call open, show when you open it again.</source>
            <translation>Sem atualização ao vivo nesta janela: o servidor recusou a sala da call. Novos comentários, e quem mais está com a call aberta, aparecem quando você a abrir de novo.</translation>
        </message>
        <message>
            <source>Also here: %1</source>
            <translation>Também aqui: %1</translation>
        </message>
        <message>
            <source>Nobody else has this call open.</source>
            <translation>Ninguém mais está com esta call aberta.</translation>
        </message>
        <message>
            <source>No comments yet.</source>
            <translation>Nenhum comentário ainda.</translation>
        </message>
        <message>
            <source>Write a comment…</source>
            <translation>Escreva um comentário…</translation>
        </message>
        <message>
            <source>Comments of this call</source>
            <translation>Comentários desta call</translation>
        </message>
        <message>
            <source>A comment, in plain text</source>
            <translation>Um comentário, em texto simples</translation>
        </message>
        <message>
            <source>Sends the comment to all who see this call</source>
            <translation>Envia o comentário a todos que veem esta call</translation>
        </message>
    </context>
    <context>
        <name>DashboardWindow</name>
        <message>
            <source>Reading today's calls…</source>
            <translation>Lendo as calls de hoje…</translation>
        </message>
        <message>
            <source>Live · read from the server at %1</source>
            <translation>Ao vivo · lido do servidor às %1</translation>
        </message>
        <message>
            <source>Dashboard — Calls Notifier</source>
            <translation>Painel — Calls Notifier</translation>
        </message>
        <message>
            <source>Calls today</source>
            <translation>Calls hoje</translation>
        </message>
        <message>
            <source>Active now</source>
            <translation>Ativas agora</translation>
        </message>
        <message>
            <source>Missed</source>
            <translation>Perdidas</translation>
        </message>
        <message>
            <source>Average score</source>
            <translation>Score médio</translation>
        </message>
        <message>
            <source>Low scores</source>
            <translation>Scores baixos</translation>
        </message>
        <message>
            <source>Regular scores</source>
            <translation>Scores regulares</translation>
        </message>
        <message>
            <source>Excellent scores</source>
            <translation>Scores excelentes</translation>
        </message>
        <message>
            <source>Analyses pending</source>
            <translation>Análises pendentes</translation>
        </message>
        <message>
            <source>Analyses completed</source>
            <translation>Análises concluídas</translation>
        </message>
        <message>
            <source>Calls per hour</source>
            <translation>Calls por hora</translation>
        </message>
    </context>
    <context>
        <name>DiagnosticsAction</name>
        <message>
            <source>Copying diagnostics…</source>
            <translation>Copiando diagnóstico…</translation>
        </message>
        <message>
            <source>Copy diagnostics</source>
            <translation>Copiar diagnóstico</translation>
        </message>
    </context>
    <context>
        <name>HistoryWindow</name>
        <message>
            <source>Alert history — Calls Notifier</source>
            <translation>Histórico de alertas — Calls Notifier</translation>
        </message>
        <message>
            <source>Search by company, kind or text…</source>
            <translation>Buscar por empresa, tipo ou texto…</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Hora</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Tipo</translation>
        </message>
        <message>
            <source>Alert</source>
            <translation>Alerta</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>Detalhes</translation>
        </message>
        <message>
            <source>Open call</source>
            <translation>Abrir call</translation>
        </message>
        <message>
            <source>Search alerts</source>
            <translation>Buscar alertas</translation>
        </message>
        <message>
            <source>Filters the list as you type, by company, kind or text (Ctrl+F).</source>
            <translation>Filtra a lista enquanto você digita, por empresa, tipo ou texto (Ctrl+F).</translation>
        </message>
        <message>
            <source>Alerts</source>
            <translation>Alertas</translation>
        </message>
        <message>
            <source>Recent alerts, newest first. Enter opens the selected alert's call.</source>
            <translation>Alertas recentes, os mais novos primeiro. Enter abre a call do alerta selecionado.</translation>
        </message>
        <message>
            <source>Opens the call of the selected alert.</source>
            <translation>Abre a call do alerta selecionado.</translation>
        </message>
        <message>
            <source>Number of alerts</source>
            <translation>Número de alertas</translation>
        </message>
        <message>
            <source>How many alerts are listed.</source>
            <translation>Quantos alertas estão na lista.</translation>
        </message>
        <message>
            <source>%m/%d %H:%M:%S</source>
            <comment>strftime format of a date and time</comment>
            <translation>%d/%m %H:%M:%S</translation>
        </message>
        <message>
            <source>No alerts yet. New alerts will appear here.</source>
            <translation>Nenhum alerta ainda. Os novos alertas aparecerão aqui.</translation>
        </message>
        <message>
            <source>No alert matches your search.</source>
            <translation>Nenhum alerta corresponde à busca.</translation>
        </message>
        <message numerus="yes">
            <source>%n alert(s)</source>
            <translation>
                <numerusform>%n alerta</numerusform>
                <numerusform>%n alertas</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 of %n alert(s)</source>
            <translation>
                <numerusform>%1 de %n alerta</numerusform>
                <numerusform>%1 de %n alertas</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>InsecureHttpOption</name>
        <message>
            <source>Allow a server without encryption (http://)</source>
            <translation>Permitir servidor sem criptografia (http://)</translation>
        </message>
        <message>
            <source>Lets you sign in to an http:// server; the data travels unencrypted.</source>
            <translation>Permite entrar em um servidor http://; os dados trafegam sem criptografia.</translation>
        </message>
        <message>
            <source>Over http:// your password and the calls' data travel unencrypted: anyone on the network path can read them. Use this only for your own server on a network you trust.</source>
            <translation>Com http:// a sua senha e os dados das calls trafegam sem criptografia: qualquer pessoa no caminho da rede pode lê-los. Use só com um servidor próprio, numa rede de confiança.</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <source>Not configured</source>
            <translation>Não configurado</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Conectando…</translation>
        </message>
        <message>
            <source>Connected</source>
            <translation>Conectado</translation>
        </message>
        <message>
            <source>Limited mode</source>
            <translation>Modo limitado</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Sem conexão</translation>
        </message>
        <message>
            <source>Needs attention</source>
            <translation>Requer atenção</translation>
        </message>
        <message>
            <source>Signed out</source>
            <translation>Desconectado da conta</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>Pausado</translation>
        </message>
        <message>
            <source>New call</source>
            <translation>Nova call</translation>
        </message>
        <message>
            <source>Missed call</source>
            <translation>Call perdida</translation>
        </message>
        <message>
            <source>Excellent score</source>
            <translation>Score excelente</translation>
        </message>
        <message>
            <source>Low score</source>
            <translation>Score baixo</translation>
        </message>
        <message>
            <source>Analysis completed</source>
            <translation>Análise concluída</translation>
        </message>
        <message>
            <source>New comment on my call</source>
            <translation>Novo comentário numa call minha</translation>
        </message>
        <message>
            <source>no status</source>
            <translation>sem status</translation>
        </message>
        <message>
            <source>new</source>
            <translation>nova</translation>
        </message>
        <message>
            <source>ringing</source>
            <translation>tocando</translation>
        </message>
        <message>
            <source>in progress</source>
            <translation>em andamento</translation>
        </message>
        <message>
            <source>processing</source>
            <translation>processando</translation>
        </message>
        <message>
            <source>transcribed</source>
            <translation>transcrita</translation>
        </message>
        <message>
            <source>completed</source>
            <translation>concluída</translation>
        </message>
        <message>
            <source>missed</source>
            <translation>perdida</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>falhou</translation>
        </message>
        <message>
            <source>AI: waiting</source>
            <translation>IA: aguardando</translation>
        </message>
        <message>
            <source>AI: analyzing</source>
            <translation>IA: analisando</translation>
        </message>
        <message>
            <source>AI: completed</source>
            <translation>IA: concluída</translation>
        </message>
        <message>
            <source>AI: failed</source>
            <translation>IA: falhou</translation>
        </message>
        <message>
            <source>AI: %1</source>
            <translation>IA: %1</translation>
        </message>
        <message>
            <source>No score</source>
            <translation>Sem score</translation>
        </message>
        <message>
            <source>Analyzing...</source>
            <translation>Analisando...</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>sim</translation>
        </message>
        <message>
            <source>no</source>
            <translation>não</translation>
        </message>
    </context>
    <context>
        <name>ProxyForm</name>
        <message>
            <source>System</source>
            <translation>Do sistema</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Nenhum</translation>
        </message>
        <message>
            <source>Manual</source>
            <translation>Manual</translation>
        </message>
        <message>
            <source>Proxy</source>
            <translation>Proxy</translation>
        </message>
        <message>
            <source>Proxy address</source>
            <translation>Endereço do proxy</translation>
        </message>
        <message>
            <source>User (optional)</source>
            <translation>Usuário (opcional)</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Senha</translation>
        </message>
        <message>
            <source>kept in the system keyring</source>
            <translation>guardada no chaveiro do sistema</translation>
        </message>
        <message>
            <source>Test proxy</source>
            <translation>Testar proxy</translation>
        </message>
        <message>
            <source>Which proxy the app connects through: the system's, none, or one of yours</source>
            <translation>Por qual proxy o app se conecta: o do sistema, nenhum ou um seu</translation>
        </message>
        <message>
            <source>The address and port of your proxy, e.g. http://proxy:3128</source>
            <translation>O endereço e a porta do seu proxy, ex.: http://proxy:3128</translation>
        </message>
        <message>
            <source>Proxy user</source>
            <translation>Usuário do proxy</translation>
        </message>
        <message>
            <source>The user name, for a proxy that asks for one</source>
            <translation>O nome de usuário, para um proxy que o peça</translation>
        </message>
        <message>
            <source>Proxy password</source>
            <translation>Senha do proxy</translation>
        </message>
        <message>
            <source>The proxy's password, kept in the system keyring</source>
            <translation>A senha do proxy, guardada no chaveiro do sistema</translation>
        </message>
        <message>
            <source>Checks whether the server answers through this proxy</source>
            <translation>Verifica se o servidor responde por este proxy</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings — %1</source>
            <translation>Configurações — %1</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Conta</translation>
        </message>
        <message>
            <source>Alerts</source>
            <translation>Alertas</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Geral</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Equipe</translation>
        </message>
        <message>
            <source>Start when I log in</source>
            <translation>Iniciar ao entrar no sistema</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Idioma</translation>
        </message>
        <message>
            <source>The new language applies as soon as you click OK.</source>
            <translation>O novo idioma vale assim que você clicar em OK.</translation>
        </message>
        <message>
            <source>Live source</source>
            <translation>Fonte ao vivo</translation>
        </message>
        <message>
            <source>Broadcast scales to large teams; the server needs resources/sql/006_broadcast.sql. Ably needs 007_ably_outbox.sql, its publisher and token endpoint (see the README).</source>
            <translation>O broadcast escala para equipes grandes; o servidor precisa de resources/sql/006_broadcast.sql. O Ably precisa de 007_ably_outbox.sql, do seu publicador e do endpoint de tokens (veja o README).</translation>
        </message>
        <message>
            <source>Settings sections</source>
            <translation>Seções das configurações</translation>
        </message>
        <message>
            <source>Account, alerts and general options; Ctrl+Tab switches between them.</source>
            <translation>Conta, alertas e opções gerais; Ctrl+Tab alterna entre elas.</translation>
        </message>
        <message>
            <source>Starts Calls Notifier in the tray when you log in.</source>
            <translation>Inicia o Calls Notifier na bandeja quando você entra no sistema.</translation>
        </message>
        <message>
            <source>The language of the app; it applies when you click OK.</source>
            <translation>O idioma do app; vale assim que você clicar em OK.</translation>
        </message>
        <message>
            <source>What carries the changes of your calls to this computer.</source>
            <translation>O que traz as mudanças das suas calls até este computador.</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>Saves and closes.</source>
            <translation>Salva e fecha.</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancelar</translation>
        </message>
        <message>
            <source>Closes without saving (Esc).</source>
            <translation>Fecha sem salvar (Esc).</translation>
        </message>
        <message>
            <source>Starting at login is not available on this system.</source>
            <translation>Iniciar ao entrar no sistema não está disponível neste computador.</translation>
        </message>
    </context>
    <context>
        <name>SignInChoices</name>
        <message>
            <source>Sign in with %1</source>
            <translation>Entrar com %1</translation>
        </message>
        <message>
            <source>Send code</source>
            <translation>Enviar código</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Entrar</translation>
        </message>
        <message>
            <source>Sign in with</source>
            <translation>Entrar com</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>E-mail</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Senha</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Código</translation>
        </message>
        <message>
            <source>you@company.com</source>
            <translation>voce@empresa.com.br</translation>
        </message>
        <message>
            <source>Send a new code</source>
            <translation>Enviar novo código</translation>
        </message>
        <message>
            <source>Password, a code sent by e-mail, or a provider in the browser.</source>
            <translation>Senha, um código enviado por e-mail ou um provedor no navegador.</translation>
        </message>
        <message>
            <source>The 6 digits from the e-mail.</source>
            <translation>Os 6 números do e-mail.</translation>
        </message>
        <message>
            <source>E-mails a new code; the previous one stops working.</source>
            <translation>Envia um novo código por e-mail; o anterior deixa de valer.</translation>
        </message>
        <message>
            <source>Code sent by email</source>
            <translation>Código por e-mail</translation>
        </message>
        <message>
            <source>%1 (in the browser)</source>
            <translation>%1 (no navegador)</translation>
        </message>
    </context>
    <context>
        <name>TeamForm</name>
        <message>
            <source>Missed calls nobody took</source>
            <translation>Calls perdidas que ninguém assumiu</translation>
        </message>
        <message>
            <source>Alert again every</source>
            <translation>Alertar de novo a cada</translation>
        </message>
        <message>
            <source>Escalate to team leads after</source>
            <translation>Escalar para os líderes após</translation>
        </message>
        <message>
            <source> min</source>
            <comment>minutes</comment>
            <translation> min</translation>
        </message>
        <message>
            <source>never</source>
            <translation>nunca</translation>
        </message>
        <message>
            <source>Hide company and score while I'm on a call</source>
            <translation>Ocultar empresa e score enquanto estou em uma call</translation>
        </message>
        <message>
            <source>Play a sound for</source>
            <translation>Tocar um som para</translation>
        </message>
        <message>
            <source>Play this kind's sound with its toast.</source>
            <translation>Toca o som deste tipo com a notificação.</translation>
        </message>
        <message>
            <source>An unclaimed missed call alerts again this often, until someone acts.</source>
            <translation>Uma call perdida que ninguém assumiu alerta de novo neste intervalo, até alguém agir.</translation>
        </message>
        <message>
            <source>Team leads are alerted when a missed call stays unclaimed this long.</source>
            <translation>Os líderes são alertados quando uma call perdida fica este tempo sem ninguém assumir.</translation>
        </message>
        <message>
            <source>While your own call is in progress, alerts show only their kind, silently.</source>
            <translation>Enquanto a sua própria call está em andamento, os alertas mostram só o tipo, sem som.</translation>
        </message>
    </context>
    <context>
        <name>TrayController</name>
        <message>
            <source>%m/%d %H:%M</source>
            <comment>strftime format of a date and time</comment>
            <translation>%d/%m %H:%M</translation>
        </message>
        <message>
            <source>Paused until %1</source>
            <translation>Pausado até %1</translation>
        </message>
        <message numerus="yes">
            <source>%n active call(s)</source>
            <translation>
                <numerusform>%n call ativa</numerusform>
                <numerusform>%n calls ativas</numerusform>
            </translation>
        </message>
        <message>
            <source>no active calls</source>
            <translation>nenhuma call ativa</translation>
        </message>
        <message numerus="yes">
            <source>%n new</source>
            <comment>tooltip: unread alerts</comment>
            <translation>
                <numerusform>%n nova</numerusform>
                <numerusform>%n novas</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n more alert(s) — open history…</source>
            <translation>
                <numerusform>Mais %n alerta — abrir histórico…</numerusform>
                <numerusform>Mais %n alertas — abrir histórico…</numerusform>
            </translation>
        </message>
        <message>
            <source>No recent alerts</source>
            <translation>Nenhum alerta recente</translation>
        </message>
        <message>
            <source>I'll call back</source>
            <translation>Vou retornar</translation>
        </message>
        <message>
            <source>%1 will call back</source>
            <translation>%1 vai retornar</translation>
        </message>
        <message numerus="yes">
            <source>%n alert(s) held by do-not-disturb — in the inbox</source>
            <translation>
                <numerusform>%n alerta retido pelo Não perturbe — no inbox</numerusform>
                <numerusform>%n alertas retidos pelo Não perturbe — no inbox</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n new alert(s) — mark as read</source>
            <translation>
                <numerusform>%n novo alerta — marcar como lido</numerusform>
                <numerusform>%n novos alertas — marcar como lidos</numerusform>
            </translation>
        </message>
        <message>
            <source>Recent alerts</source>
            <translation>Alertas recentes</translation>
        </message>
        <message>
            <source>History…</source>
            <translation>Histórico…</translation>
        </message>
        <message>
            <source>Pause notifications</source>
            <translation>Pausar notificações</translation>
        </message>
        <message>
            <source>For 1 hour</source>
            <translation>Por 1 hora</translation>
        </message>
        <message>
            <source>Until tomorrow</source>
            <translation>Até amanhã</translation>
        </message>
        <message>
            <source>Resume notifications</source>
            <translation>Retomar notificações</translation>
        </message>
        <message>
            <source>Reconnect now</source>
            <translation>Reconectar agora</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>Configurações…</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Sair</translation>
        </message>
    </context>
    <context>
        <name>ViewsActions</name>
        <message>
            <source>Dashboard</source>
            <translation>Painel</translation>
        </message>
        <message>
            <source>Today's calls</source>
            <translation>Calls de hoje</translation>
        </message>
    </context>
    <context>
        <name>WelcomePanel</name>
        <message>
            <source>Welcome to %1</source>
            <translation>Boas-vindas ao %1</translation>
        </message>
        <message>
            <source>An alert the moment a call starts, is missed or gets its score.
Click it for the call's scorecard, insights and transcription.</source>
            <translation>Um alerta assim que uma call começa, é perdida ou recebe o score.
Clique nele para ver o scorecard, os insights e a transcrição.</translation>
        </message>
        <message>
            <source>Try it with demonstration data</source>
            <translation>Experimentar com dados de demonstração</translation>
        </message>
        <message>
            <source>or sign in to your team's Supabase project below.</source>
            <translation>ou entre no projeto Supabase da sua equipe, abaixo.</translation>
        </message>
        <message>
            <source>Windows hides alerts while Focus Assist is on, during presentations and full-screen apps. To let missed calls through: Settings → System → Focus assist → Customize priority list → Add an app → %1.</source>
            <translation>O Windows esconde os alertas com o Assistente de foco ativo, em apresentações e em apps de tela cheia. Para deixar passar as calls perdidas: Configurações → Sistema → Assistente de foco → Personalizar a lista de prioridades → Adicionar um aplicativo → %1.</translation>
        </message>
        <message>
            <source>Starts a local demonstration server with simulated calls and signs in to it.</source>
            <translation>Inicia um servidor local de demonstração com calls simuladas e entra nele.</translation>
        </message>
    </context>
</TS>
