/* Latvian words for the web editor (Decap CMS has no Latvian translation). Registered as the
   locale 'lv' that admin/config.yml names; a phrase missing here falls back to Decap's
   English. In the simple publish mode "Publicēt" saves the post and commits it; whether the
   post appears on the site is its own "Statuss" field. Loaded after decap-cms.js. */
(function (root) {
  "use strict";
  if (!root || !root.CMS) { return; }
  root.CMS.registerLocale("lv", {
    auth: {
      login: "Pieteikties",
      loggingIn: "Piesakās…",
      loginWithGitHub: "Pieteikties ar GitHub",
      loginWithGitLab: "Pieteikties ar GitLab",
      loginWithGitea: "Pieteikties ar Gitea",
      loginWithForgejo: "Pieteikties ar Forgejo",
      loginWithBitbucket: "Pieteikties ar Bitbucket"
    },
    app: {
      header: { content: "Saturs", workflow: "Redakcijas plūsma", media: "Attēli", quickAdd: "Pievienot" },
      app: {
        errorHeader: "Neizdevās nolasīt redaktora iestatījumus",
        configErrors: "Kļūdas iestatījumos",
        checkConfigYml: "Pārbaudiet config.yml.",
        loadingConfig: "Nolasa iestatījumus…",
        waitingBackend: "Gaida git serveri…"
      },
      notFoundPage: { header: "Nav atrasts" }
    },
    collection: {
      sidebar: { collections: "Saturs", allCollections: "Viss saturs", searchAll: "Meklēt visur", searchIn: "Meklēt" },
      collectionTop: {
        sortBy: "Kārtot",
        viewAs: "Skats",
        viewAsList: "Saraksts",
        viewAsGrid: "Režģis",
        newButton: "+ Jauna %{collectionLabel}",
        newButtonAriaLabel: "Jauna %{collectionLabel}",
        ascending: "Augošā secībā",
        descending: "Dilstošā secībā",
        searchResults: "Meklēšanas rezultāti: „%{searchTerm}”",
        searchResultsInCollection: "Meklēšanas rezultāti: „%{searchTerm}” (%{collection})",
        filterBy: "Atlasīt",
        groupBy: "Grupēt"
      },
      entries: {
        loadingEntries: "Nolasa ziņas…",
        cachingEntries: "Nolasa ziņas…",
        longerLoading: "Tas var aizņemt dažas minūtes",
        noEntries: "Nav ziņu",
        unpublishedHeader: "Nepublicētās ziņas"
      },
      groups: { other: "Citi", negateLabel: "Nav %{label}" },
      defaultFields: { author: { label: "Autors" }, updatedOn: { label: "Labots" } }
    },
    editor: {
      editorControl: { field: { optional: "neobligāts", widgetLabel: "lauks %{widgetLabel}" } },
      editorControlPane: {
        widget: {
          required: "Lauks „%{fieldLabel}” ir obligāts.",
          regexPattern: "Lauks „%{fieldLabel}” neatbilst prasībām: %{pattern}.",
          processing: "Lauks „%{fieldLabel}” vēl tiek apstrādāts.",
          range: "Laukam „%{fieldLabel}” jābūt no %{minValue} līdz %{maxValue}.",
          min: "Laukam „%{fieldLabel}” jābūt vismaz %{minValue}.",
          max: "Laukam „%{fieldLabel}” jābūt ne vairāk kā %{maxValue}.",
          rangeCount: "Laukā „%{fieldLabel}” jābūt no %{minCount} līdz %{maxCount} vienībām.",
          rangeCountExact: "Laukā „%{fieldLabel}” jābūt tieši %{count} vienībām.",
          rangeMin: "Laukā „%{fieldLabel}” jābūt vismaz %{minCount} vienībām.",
          rangeMax: "Laukā „%{fieldLabel}” jābūt ne vairāk kā %{maxCount} vienībām.",
          invalidPath: "„%{path}” nav derīgs ceļš",
          pathExists: "Fails „%{path}” jau ir: mainiet virsrakstu vai adresi"
        }
      },
      editor: {
        onLeavePage: "Vai tiešām aiziet no šīs lapas? Nesaglabātās izmaiņas zudīs.",
        onUpdatingWithUnsavedChanges: "Ir nesaglabātas izmaiņas: vispirms saglabājiet.",
        onPublishingNotReady: "Pirms publicēšanas pārvietojiet ziņu uz „Gatava”.",
        onPublishingWithUnsavedChanges: "Ir nesaglabātas izmaiņas: vispirms saglabājiet.",
        onPublishing: "Vai publicēt šo ziņu?",
        onUnpublishing: "Vai atsaukt šīs ziņas publicēšanu?",
        onDeleteWithUnsavedChanges: "Vai dzēst šo ziņu un nesaglabātās izmaiņas?",
        onDeletePublishedEntry: "Vai tiešām dzēst šo ziņu?",
        onDeleteUnpublishedChangesWithUnsavedChanges:
          "Tiks dzēstas visas nepublicētās un nesaglabātās izmaiņas šajā ziņā. Vai turpināt?",
        onDeleteUnpublishedChanges: "Tiks dzēstas visas nepublicētās izmaiņas šajā ziņā. Vai turpināt?",
        loadingEntry: "Atver ziņu…",
        confirmLoadBackup: "Šai ziņai ir atrasta nesaglabāta kopija šajā pārlūkā. Vai to atjaunot?"
      },
      editorInterface: {
        togglePreview: "Rādīt vai slēpt priekšskatījumu",
        toggleScrollSync: "Ritināt kopā"
      },
      editorToolbar: {
        publishing: "Publicē…",
        publish: "Publicēt",
        published: "Publicēta",
        unpublish: "Atsaukt publicēšanu",
        duplicate: "Kopēt",
        unpublishing: "Atsauc…",
        publishAndCreateNew: "Publicēt un rakstīt jaunu",
        publishAndDuplicate: "Publicēt un kopēt",
        deleteUnpublishedChanges: "Dzēst nepublicētās izmaiņas",
        deleteUnpublishedEntry: "Dzēst nepublicēto ziņu",
        deletePublishedEntry: "Dzēst publicēto ziņu",
        deleteEntry: "Dzēst ziņu",
        saving: "Saglabā…",
        save: "Saglabāt",
        statusInfoTooltipDraft: "Ziņa ir melnraksts. Kad tā gatava, pārvietojiet to uz „Pārskatāma”.",
        statusInfoTooltipInReview: "Ziņu pārskata kolēģis; to vēl var labot.",
        deleting: "Dzēš…",
        updating: "Atjauno…",
        status: "Stāvoklis: %{status}",
        backCollection: " Raksta: %{collectionLabel}",
        unsavedChanges: "Nesaglabātas izmaiņas",
        changesSaved: "Izmaiņas saglabātas",
        draft: "Melnraksts",
        inReview: "Pārskatāma",
        ready: "Gatava",
        publishNow: "Publicēt tagad",
        deployPreviewPendingButtonLabel: "Pārbaudīt priekšskatījumu",
        deployPreviewButtonLabel: "Skatīt priekšskatījumu",
        deployButtonLabel: "Skatīt portālā"
      },
      editorWidgets: {
        markdown: {
          bold: "Treknraksts",
          italic: "Slīpraksts",
          strikethrough: "Pārsvītrots",
          code: "Kods",
          link: "Saite",
          linkPrompt: "Saites adrese",
          headings: "Virsraksti",
          quote: "Citāts",
          bulletedList: "Saraksts ar punktiem",
          numberedList: "Numurēts saraksts",
          addComponent: "Pievienot",
          richText: "Formatēts teksts",
          markdown: "Markdown"
        },
        image: {
          choose: "Izvēlēties attēlu",
          chooseMultiple: "Izvēlēties attēlus",
          chooseDifferent: "Izvēlēties citu attēlu",
          addMore: "Pievienot attēlus",
          remove: "Noņemt attēlu",
          removeAll: "Noņemt visus attēlus"
        },
        file: {
          choose: "Izvēlēties failu",
          chooseMultiple: "Izvēlēties failus",
          chooseDifferent: "Izvēlēties citu failu",
          addMore: "Pievienot failus",
          remove: "Noņemt failu",
          removeAll: "Noņemt visus failus"
        },
        headingOptions: {
          headingOne: "Virsraksts 1",
          headingTwo: "Virsraksts 2",
          headingThree: "Virsraksts 3",
          headingFour: "Virsraksts 4",
          headingFive: "Virsraksts 5",
          headingSix: "Virsraksts 6"
        },
        datetime: { now: "Tagad", clear: "Notīrīt", setToNow: "Laukā „%{fieldLabel}” ierakstīt tagadējo laiku" },
        list: { add: "Pievienot: %{item}", addType: "Pievienot: %{item}" },
        object: { expand: "Izvērst", collapse: "Sakļaut" }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: {
        draft: "Nesaglabāts",
        copy: "Kopēt",
        copyUrl: "Kopēt adresi",
        copyPath: "Kopēt ceļu",
        copyName: "Kopēt nosaukumu",
        copied: "Nokopēts"
      },
      mediaLibrary: {
        onDelete: "Vai tiešām dzēst atzīmētos attēlus?",
        fileTooLarge: "Fails ir par lielu.\nLielākais atļautais: %{size} kB."
      },
      mediaLibraryModal: {
        loading: "Nolasa…",
        close: "Aizvērt",
        noResults: "Nekas nav atrasts.",
        noAssetsFound: "Nav failu.",
        noImagesFound: "Nav attēlu.",
        private: "Privāts ",
        images: "Attēli",
        mediaAssets: "Faili",
        search: "Meklēt…",
        uploading: "Augšupielādē…",
        upload: "Augšupielādēt",
        download: "Lejupielādēt",
        deleting: "Dzēš…",
        deleteSelected: "Dzēst atzīmēto",
        chooseSelected: "Izvēlēties atzīmēto"
      }
    },
    ui: {
      default: { goBackToSite: "Atpakaļ uz portālu" },
      settingsDropdown: { logOut: "Iziet", account: "Konts" },
      toast: {
        onFailToLoadEntries: "Neizdevās atvērt ziņu: %{details}",
        onFailToLoadDeployPreview: "Neizdevās atvērt priekšskatījumu: %{details}",
        onFailToPersist: "Neizdevās saglabāt: %{details}",
        onFailToDelete: "Neizdevās dzēst: %{details}",
        onFailToUpdateStatus: "Neizdevās mainīt stāvokli: %{details}",
        missingRequiredField: "Nav aizpildīts obligāts lauks (iekrāsots sarkans). Aizpildiet to un saglabājiet vēlreiz.",
        entrySaved: "Ziņa saglabāta",
        entryPublished: "Ziņa publicēta",
        entryUnpublished: "Ziņas publicēšana atsaukta",
        onFailToPublishEntry: "Neizdevās publicēt: %{details}",
        onFailToUnpublishEntry: "Neizdevās atsaukt publicēšanu: %{details}",
        entryUpdated: "Ziņas stāvoklis mainīts",
        onDeleteUnpublishedChanges: "Nepublicētās izmaiņas dzēstas",
        onFailToAuth: "%{details}",
        onLoggedOut: "Jūs esat izrakstīts: nokopējiet nesaglabāto tekstu un piesakieties vēlreiz",
        onBackendDown: "Git serveris nav pieejams. Sīkāk: %{details}"
      }
    },
    workflow: {
      workflow: {
        loading: "Nolasa redakcijas plūsmu",
        workflowHeading: "Redakcijas plūsma",
        newPost: "Jauna ziņa",
        description: "Pārskatāmas: %{smart_count}, gatavas publicēšanai: %{readyCount}.",
        dateFormat: "D.MM.YYYY."
      },
      workflowCard: {
        lastChange: "%{date}, %{author}",
        lastChangeNoAuthor: "%{date}",
        lastChangeNoDate: "%{author}",
        deleteChanges: "Dzēst izmaiņas",
        deleteNewEntry: "Dzēst jauno ziņu",
        publishChanges: "Publicēt izmaiņas",
        publishNewEntry: "Publicēt jauno ziņu"
      },
      workflowList: {
        onDeleteEntry: "Vai tiešām dzēst šo ziņu?",
        onPublishingNotReadyEntry: "Publicēt var tikai ziņas ailē „Gatava”: pārvelciet kartīti uz to.",
        onPublishEntry: "Vai publicēt šo ziņu?",
        draftHeader: "Melnraksti",
        inReviewHeader: "Pārskatāmas",
        readyHeader: "Gatava",
        currentEntries: "%{smart_count} ziņa |||| %{smart_count} ziņas"
      }
    }
  });
})(typeof window !== "undefined" ? window : this);
