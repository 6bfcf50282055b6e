<?xml version="1.0" encoding="UTF-8"?>
<!--
  Feeds plugin: what a browser shows when someone opens one of the portal's RSS or Atom
  feeds (linked from each feed by <?xml-stylesheet?>). It says, in Latvian, what a feed is
  and how to use it, and lists the items. Styles are inline: the page makes no requests
  beyond this file, and none to third parties.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom"
                exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="site" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="lv">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> — ziņu plūsma</title>
        <style>
          body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; color: #1b1b1b; background: #fff; }
          main { max-width: 46rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
          a { color: #1f5f3a; }
          a:focus { outline: 3px solid #b00d28; outline-offset: 2px; }
          .note { background: #e8f1eb; border-left: 6px solid #1f5f3a; padding: 0.75rem 1rem; margin: 0 0 1.5rem; }
          .note p { margin: 0.4rem 0; }
          code { display: block; overflow-wrap: anywhere; background: #fff; border: 1px solid #c8d3cc; padding: 0.4rem 0.6rem; margin-top: 0.3rem; }
          h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 0.5rem; }
          .lede { color: #4a4a4a; font-size: 1.1rem; }
          ol { list-style: none; padding: 0; margin: 0; }
          li { border-top: 1px solid #c8d3cc; padding: 0.75rem 0; }
          li a { font-size: 1.15rem; font-weight: 700; }
          time { display: block; color: #4a4a4a; font-size: 0.95rem; }
        </style>
      </head>
      <body>
        <main>
          <div class="note" role="note">
            <p><strong>Šī ir ziņu plūsma (<xsl:choose><xsl:when test="/rss">RSS</xsl:when><xsl:otherwise>Atom</xsl:otherwise></xsl:choose>).</strong>
              Plūsmu lasītājs vai redakcijas sistēma to regulāri pārbauda un parāda jaunās ziņas, tiklīdz tās publicētas — portāls nav jāapmeklē.</p>
            <p>Lai sekotu šīm ziņām, nokopējiet šīs lapas adresi un ielīmējiet to savā plūsmu lasītājā (piemēram, Thunderbird, Feedly, Inoreader vai NetNewsWire):
              <code><xsl:value-of select="$self"/></code></p>
          </div>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="lede"><xsl:value-of select="$description"/></p>
          <p><a href="{$site}">Atvērt šo sadaļu portālā</a></p>
          <h2>Jaunākās ziņas plūsmā</h2>
          <ol>
            <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <xsl:call-template name="rss-date">
        <xsl:with-param name="date" select="pubDate"/>
      </xsl:call-template>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <xsl:variable name="date" select="atom:published | atom:updated[not(../atom:published)]"/>
      <time datetime="{$date}">
        <xsl:value-of select="concat(substring($date, 9, 2), '.', substring($date, 6, 2), '.', substring($date, 1, 4), '.')"/>
      </time>
    </li>
  </xsl:template>

  <!-- "Sat, 15 Aug 2020 10:00:00 +0300" as 15.08.2020. (the portal's short date) -->
  <xsl:template name="rss-date">
    <xsl:param name="date"/>
    <xsl:if test="$date">
      <xsl:variable name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring($date, 9, 3))) div 3 + 1"/>
      <time>
        <xsl:value-of select="concat(substring($date, 6, 2), '.', format-number($month, '00'), '.', substring($date, 13, 4), '.')"/>
      </time>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
